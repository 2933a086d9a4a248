"""A merge names codes by their paths as the CLI writes them: a name's own slash is \\/ (samarbeid m\\/ DPS),
so a path in the merge's report or review reads back to the same code."""

from __future__ import annotations

from qualcode.codebook.model import split_path
from qualcode.team.matching import side_codes


def _rows():
    return [
        {"id": 1, "uid": "c-1", "parent_id": None, "name": "Samhandling", "description": "", "colour": "",
         "position": 0},
        {"id": 2, "uid": "c-2", "parent_id": 1, "name": "Samarbeid m/ DPS", "description": "", "colour": "",
         "position": 0},
        {"id": 3, "uid": "c-3", "parent_id": 2, "name": "Møter og/eller telefon", "description": "", "colour": "",
         "position": 0},
    ]


def test_code_paths_escape_a_names_own_slash():
    codes = side_codes(_rows())
    assert codes[2].path == "Samhandling/Samarbeid m\\/ DPS"
    assert split_path(codes[3].path) == ["Samhandling", "Samarbeid m/ DPS", "Møter og/eller telefon"]
    assert [codes[i].depth for i in (1, 2, 3)] == [0, 1, 2]
