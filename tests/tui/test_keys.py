"""The README's key table is the bindings' own: regenerate it with `python -m qualcode.tui.keys`."""

from __future__ import annotations

from pathlib import Path

from qualcode.tui.keys import BEGIN, END, key_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_table_matches_the_bindings():
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, "the README has lost its key table markers"
    shown = text[text.index(BEGIN): text.index(END) + len(END)]
    assert shown == key_table(), "the README's key table differs from the bindings: run python -m qualcode.tui.keys"


def test_every_place_has_keys():
    from qualcode.tui.keys import key_rows

    assert all(keys for _, keys in key_rows())
