"""Positions as other programs count them: each reading, the choice between them, and the move onto the
stored text (\\n line breaks, NFC, no BOM, no blank lines at the ends)."""

from __future__ import annotations

import unicodedata

import pytest
from exchange_support import write_archive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.exchange import create_from_qdpx
from qualcode.exchange.positions import READINGS, Span, StoredOffsets, choose, name_matches, positions_of
from qualcode.ingest.encoding import normalise
from qualcode.project import Project

TEXT = "I: Hei 👋👋 der\r\nK1: Vi blir tatt på alvor 👍.\r\nI: Takk."


def _count(text: str, index: int, utf16: bool, crlf_as_one: bool) -> int:
    """The position of an index, counted the slow, obvious way."""
    units = 0
    for i, char in enumerate(text[:index]):
        if crlf_as_one and char == "\n" and i and text[i - 1] == "\r":
            continue
        units += 2 if utf16 and ord(char) > 0xFFFF else 1
    return units


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.key)
def test_each_reading_finds_every_character_boundary(reading):
    index_of = positions_of(TEXT, reading)
    for index in range(len(TEXT) + 1):
        if reading.crlf_as_one and 0 < index < len(TEXT) and TEXT[index - 1:index + 1] == "\r\n":
            continue  # between CR and LF: the same position as after the LF
        assert index_of(_count(TEXT, index, reading.utf16, reading.crlf_as_one)) == index
    if reading.utf16:  # the middle of an emoji is no boundary
        assert index_of(_count(TEXT, TEXT.index("👋"), True, reading.crlf_as_one) + 1) is None


def test_the_reading_that_puts_selections_on_words_and_names_wins():
    words = ["Vi blir tatt", "alvor 👍", "Takk"]
    for reading in READINGS:
        spans = [Span(_count(TEXT, TEXT.index(w), reading.utf16, reading.crlf_as_one),
                      _count(TEXT, TEXT.index(w) + len(w), reading.utf16, reading.crlf_as_one), w) for w in words]
        choice = choose([(TEXT, spans)])
        assert choice.reading == reading, choice.describe()
        assert choice.scores[reading.key].on_edges == 3 and choice.scores[reading.key].names_matched == 3


def test_ties_keep_the_standard_and_say_so():
    choice = choose([("K1: Vi blir tatt på alvor.", [Span(4, 16, "Vi blir tatt")])])
    assert choice.reading.key == "code-points"
    assert "the readings agree" in choice.describe()


def test_names_match_as_atlas_and_qc_write_them():
    assert name_matches("For some reason babies aren't supposed to have cow's milk", "For some reason babies…")
    assert name_matches("Der er det fortsatt «litt kaos», særlig", "Der er det fortsatt «litt kaos")
    assert not name_matches("board goals for 2017", "line:6")


def test_stored_offsets_follow_normalise():
    raw = "\ufeff\r\n\r\nK1: Cafe\u0301en\r\nligger\u2028her.\r\n\r\n"
    stored = StoredOffsets(raw)
    assert stored.text == normalise(raw) == "K1: Caféen\nligger\nher."
    start, end = raw.index("Cafe"), raw.index("her") + 3
    assert stored.text[stored(start):stored(end)] == "Caféen\nligger\nher"
    assert stored(0) == 0 and stored(len(raw)) == len(stored.text)


PIECES = ["samarbeid", "kommunen", "e\u0301n", "å", "Øyvind", "👍", "👩‍⚕️", "🇳🇴", "«sitat»", "café", "o\u0308l"]
SEPARATORS = [" ", " ", ", ", ".\r\n", "\r\n\r\n", "\n", " – "]


@st.composite
def transcripts(draw):
    """Raw source text with CRLF line breaks, emoji and combining characters, and some of its words."""
    words = draw(st.lists(st.sampled_from(PIECES), min_size=2, max_size=30))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    raw, spans = "K1: ", []
    for word, sep in zip(words, seps, strict=True):
        spans.append((len(raw), len(raw) + len(word)))
        raw += word + sep
    chosen = draw(st.lists(st.integers(0, len(spans) - 1), min_size=1, max_size=6, unique=True))
    bom = draw(st.booleans())
    return raw, [spans[i] for i in sorted(chosen)], bom


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(sample=transcripts(), reading=st.sampled_from(READINGS))
def test_selections_counted_any_way_land_on_the_same_words(tmp_path_factory, sample, reading):
    raw, spans, bom = sample
    folder = tmp_path_factory.mktemp("posisjoner")
    selections = [(_count(raw, a, reading.utf16, reading.crlf_as_one), _count(raw, b, reading.utf16,
                                                                               reading.crlf_as_one), raw[a:b])
                  for a, b in spans]
    data = (b"\xef\xbb\xbf" if bom else b"") + raw.encode("utf-8")
    archive = write_archive(folder / "generert.qdpx", [("K1 intervju", data, selections)])
    report = create_from_qdpx(folder / "p.qualcode", archive, coder="tester")
    with Project(folder / "p.qualcode") as project:
        got = sorted((u.start, u.text) for u in project.units.list())
    assert [text for _, text in got] == [unicodedata.normalize("NFC", raw[a:b]) for a, b in spans]
    assert report.came_in("selections") == len(spans)


def test_characters_beyond_the_bmp_are_found_without_a_search():
    from qualcode.exchange.positions import has_astral

    assert not has_astral("") and not has_astral("abc") and not has_astral("æøå «» — \ufffd")
    assert has_astral("Vi blir tatt på alvor nå 👍") and has_astral("🇳🇴") and has_astral("𝔸")
    assert not has_astral("\ud800")  # a lone surrogate is one UTF-16 unit
