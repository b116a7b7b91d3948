"""Helpers for tests that code a short article written for them and read its events and actors."""
from wirecoder import code_article


def coded(body: str, published: str) -> dict:
    """The record of an article with a section line, a headline and ``body``, published on ``published``."""
    return code_article("World News\n\nA headline for the test\n\n" + body, published=published).to_dict()


def body_events(record: dict, root: str | None = None) -> list[dict]:
    """The record's events in body sentences, of CAMEO root ``root`` when given."""
    return [e for e in record["events"] if record["sentences"][e["sentence"]]["zone"] == "body"
            and (root is None or e["root"] == root)]


def codes(side: list[dict]) -> list[str | None]:
    return [p["code"] for p in side]


def actor_codes(record: dict, text: str) -> set[str | None]:
    """The codes of the actors that have a mention written ``text``."""
    return {a["code"] for a in record["actors"] if any(m["text"] == text for m in a["mentions"])}
