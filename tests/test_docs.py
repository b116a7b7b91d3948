"""Docs must match the code: every error code and every CLI command is documented."""
from pathlib import Path

from wirecoder.cli import app
from wirecoder.errors import MESSAGES

REPO = Path(__file__).resolve().parents[1]


def test_docs_every_error_code_is_documented():
    text = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    assert [c for c in MESSAGES if f"`{c}`" not in text] == []


def test_docs_every_cli_command_is_in_usage():
    text = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert [n for n in names if f"wirecoder {n}" not in text] == []


def test_docs_readme_quickstart_has_exactly_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci  # CI runs the README's test command
