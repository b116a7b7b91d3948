from wirecoder.layout import match_dateline, parse_layout, split_blocks

from conftest import WIRE_STORY


def zones(text, **kw):
    blocks, dateline = parse_layout(text, **kw)
    return [(b.zone, b.span.of(text)) for b in blocks], dateline


def test_layout_wire_story_section_headline_dateline_caption_credit():
    blocks, dateline = zones(WIRE_STORY)
    assert blocks[0] == ("section", "Africa")
    assert blocks[1] == ("headline", "Ghana and Togo agree to reopen border crossing")
    assert blocks[2][0] == "body" and blocks[2][1].startswith("Ghana and Togo agreed on Tuesday")
    assert blocks[3][0] == "caption" and blocks[3][1].endswith("REUTERS/Kofi Mensah")
    assert [z for z, _ in blocks[4:6]] == ["body", "body"]
    assert blocks[-1] == ("credit", "Reporting by Ama Owusu; Editing by Peter Hale")
    assert (dateline.place, dateline.agency) == ("ACCRA", "Reuters")
    assert WIRE_STORY[dateline.span.start:dateline.span.end] == "ACCRA (Reuters) -"


def test_layout_dateline_forms():
    cases = {
        "KABUL, Afghanistan (AP) — Gunmen attacked a convoy.": ("KABUL, Afghanistan", "AP", None),
        "UNITED NATIONS, Dec 17 (Reuters) - The council met.": ("UNITED NATIONS", "Reuters", "Dec 17"),
        "GENEVA (AFP) -- Talks resumed.": ("GENEVA", "AFP", None),
        "WASHINGTON/BRUSSELS (Reuters) - Officials said.": ("WASHINGTON/BRUSSELS", "Reuters", None),
        "NAIROBI - Police fired tear gas.": ("NAIROBI", None, None),
    }
    for text, (place, agency, date) in cases.items():
        d = match_dateline(text, 0, len(text))
        assert d is not None, text
        assert (d.place, d.agency, d.date) == (place, agency, date), text


def test_layout_ordinary_sentence_with_dash_is_not_a_dateline():
    for text in ["Talks - which began in May - collapsed.", "The Minister of Finance - a veteran - resigned.",
                 "Police said - without giving details - that two men were held."]:
        assert match_dateline(text, 0, len(text)) is None, text


def test_layout_no_dateline_headline_then_body():
    text = "Storm cuts power to 40,000 homes\n\nA storm cut power to 40,000 homes in the north, the utility said.\n\nRepairs will take days."
    blocks, dateline = zones(text)
    assert dateline is None
    assert blocks[0] == ("headline", "Storm cuts power to 40,000 homes")
    assert [z for z, _ in blocks[1:]] == ["body", "body"]


def test_layout_single_newline_paragraphs_are_blocks():
    text = "Headline here\nFirst paragraph of the story.\nSecond paragraph."
    assert [s.of(text) for s in split_blocks(text)] == ["Headline here", "First paragraph of the story.", "Second paragraph."]


def test_layout_byline_and_photo_prefix_caption():
    text = ("Politics\n\nSenate passes budget\n\nBy Jane Roe\n\nWASHINGTON (Reuters) - The Senate passed the budget.\n\n"
            "FILE PHOTO: The U.S. Capitol in Washington.\n\n(Reporting by Jane Roe; Editing by Sam Poe)")
    blocks, _ = zones(text)
    assert [z for z, _ in blocks] == ["section", "headline", "byline", "body", "caption", "credit"]


def test_layout_metadata_headline_end_marks_title():
    text = "Border reopens\n\nLOME (AFP) - Togo reopened the border on Monday."
    blocks, dateline = zones(text, headline_end=len("Border reopens"))
    assert blocks[0] == ("headline", "Border reopens")
    assert blocks[1] == ("body", "Togo reopened the border on Monday.")
    assert dateline.place == "LOME"
