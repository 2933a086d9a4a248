"""Finding quoted passages: exact, blind to spacing and quote marks, fuzzy with a score, or refused."""

from __future__ import annotations

import pytest

from qualcode.errors import QualcodeError
from qualcode.stc.quotes import locate

TEXT = ("K1: Det ble litt enklere å få henne innlagt når vi føler hun trenger det.\n\nI: Ja.\n\n"
        "K1: «Vi ble tatt på alvor», sa hun.")


def test_exact():
    match = locate(TEXT, "enklere å få henne innlagt")
    assert (match.how, match.score) == ("exact", 100.0)
    assert TEXT[match.start:match.end] == "enklere å få henne innlagt"


def test_spacing_and_quote_marks_ignored():
    match = locate(TEXT, '"Vi ble  tatt på alvor", sa hun.')
    assert match.how.startswith("exact (")
    assert TEXT[match.start:match.end] == "«Vi ble tatt på alvor», sa hun."


def test_fuzzy_reports_how_close():
    match = locate(TEXT, "Det ble lit enklere å få henne inlagt når vi føler hun trenger det")
    assert match.how == "fuzzy" and 85 <= match.score < 100
    assert TEXT[match.start:match.end] == "Det ble litt enklere å få henne innlagt når vi føler hun trenger det"
    assert "similar" in match.describe()


def test_not_found_says_best_score():
    with pytest.raises(QualcodeError, match=r"quote not found \(best match \d+% similar, need 85%\)"):
        locate(TEXT, "Helt andre ord om økonomi og budsjett")


def test_offsets_survive_letters_that_lower_case_to_two():
    text = "Vi var i İstanbul før. Da var det  veldig fint der."
    match = locate(text, "Da var det veldig fint")
    assert text[match.start:match.end] == "Da var det  veldig fint"
