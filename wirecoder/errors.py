"""One catalogue of every error and warning wirecoder reports.

Codes are stable: users grep logs and the store's errors table for them, so a code is never reused for another
meaning. ``E`` codes stop one input (the batch goes on); ``W`` codes are warnings recorded with the record.
"""
from __future__ import annotations

from dataclasses import dataclass

# code -> message template. Templates name the input ({source}) so a message is useful on its own in a log.
MESSAGES: dict[str, str] = {
    # --- input errors: the input produces no record ---
    "E001": "{source}: input is empty (no text after stripping whitespace)",
    "E002": "{source}: input looks binary ({reason}), not text; wirecoder reads UTF-8 text, JSON/JSONL and HTML",
    "E003": "{source}: input is {size} bytes, over the limit of {limit:,} bytes (raise it with --max-bytes)",
    "E004": "{source}: malformed JSON: {detail}",
    "E005": "{source}: JSON record has no 'text' field (keys present: {keys})",
    "E006": "{source}: 'text' must be a string, got {type}",
    "E007": "{source}: no such file or directory",
    "E008": "{source}: a JSON record must be an object, got {type}",
    "E009": "{source}: no main text could be extracted from the HTML page",
    "E010": "{source}: could not be read: {detail}",
    "E011": "{source}: pattern matched no files",
    # --- run-level errors: the run cannot start ---
    "E101": "spaCy pipeline {model!r} is not installed or cannot be loaded ({detail}); installed pipelines: {installed}",
    "E102": "{option} {value!r} is not a date; use YYYY-MM-DD",
    "E103": "configuration file {path}: {detail}",
    "E104": "processing failed: {detail}",
    "E105": "actor dictionary {path}: {detail}",
    "E106": "event pattern file {path}: {detail}",
    "E107": "store {path} cannot be read: the file is damaged or truncated ({detail}); restore it from a copy, or "
            "move it away and rebuild it with `wirecoder ingest`",
    "E120": "model file {path}: {detail}",
    "E121": "training data {path}: {detail}",
    # --- warnings: the record is produced and carries the warning ---
    "W201": "input is not valid UTF-8 (first bad byte at offset {offset}); decoded as Windows-1252, check the characters",
    "W202": "no publication date: no metadata, no --published and no date clue in the text; dates are left unresolved",
    "W203": "publication date {value!r} in the metadata is not a date; inferred from the text instead",
    "W204": "no body paragraphs found; the whole text is treated as one paragraph",
    "W205": "publication date inferred from a date in the body ({clue}); body dates are often past events, so the "
            "story may be later: pass --published or a 'published' field to be sure",
    "W206": "the text contains {count} control character(s); they are kept, offsets are unchanged",
    "W207": "{source}: same text as {first}, already read in this run; stored once",
    "W208": "{name} coded {actor_code} as {body} {office}, but the office-holder data is verified only through "
            "{verified} and the article is dated {day}: the office may have changed hands (confidence lowered; "
            "add the new holder with --actors, see docs/actors.md)",
    "W210": "long text ({chars:,} characters) coded in {count} sections of at most {limit:,} characters; this is "
            "section {index}, whose offsets start at {offset:,} in the whole text",
    "W209": "the input holds {count} lone surrogate(s) (\\ud800-\\udfff escapes, not Unicode text); each was replaced by "
            "U+FFFD, offsets are unchanged",
    "W220": "statement event at \"{trigger}\" (offset {offset}) left out by the statement gate: {model} gives it "
            "{p:.2f}, under the gate {gate} (settings: wc_event_verifier statement_gate; docs/models.md)",
}


def format_message(code: str, **fields: object) -> str:
    """Render the catalogue message for ``code`` with ``fields``."""
    return MESSAGES[code].format(**fields)


class WirecoderError(Exception):
    """An error from the catalogue: ``code`` is stable, ``str(err)`` is the full message."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(f"{code} {format_message(code, **fields)}")


@dataclass(frozen=True)
class InputError:
    """One input that produced no record: where it came from and why. Never dropped silently."""

    source: str
    line: int | None
    code: str
    message: str

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source

    def to_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "code": self.code, "message": self.message}


def input_error(code: str, source: str, line: int | None = None, **fields: object) -> InputError:
    """Build an :class:`InputError` whose message names the input (file and, for JSONL, line)."""
    where = f"{source}:{line}" if line is not None else source
    return InputError(source=source, line=line, code=code, message=f"{code} {format_message(code, source=where, **fields)}")


class StoreError(Exception):
    """The store cannot be opened or used (missing file, newer schema, locked by another process, damaged).

    Defined here, not in the store package, so the command line can catch it without importing DuckDB."""
