"""The one-line wording both faces use for an error a user can meet; a bug gets no wording (it is raised)."""

from __future__ import annotations

import sqlite3

from qualcode.errors import NotFound
from qualcode.failures import one_line, one_line_for_file


def test_domain_errors_speak_for_themselves():
    assert one_line(NotFound("no code Samhandling/Varsling")) == "no code Samhandling/Varsling"


def test_a_busy_full_or_read_only_project_is_named():
    assert one_line(sqlite3.OperationalError("database is locked")) == (
        "the project is busy in another window; try again")
    assert one_line(sqlite3.OperationalError("database or disk is full")).startswith("the disk is full")
    assert "cannot be written" in one_line(sqlite3.OperationalError("attempt to write a readonly database"))


def test_bugs_get_no_wording():
    assert one_line(sqlite3.OperationalError("no such column: kode")) is None
    assert one_line(KeyError("x")) is None
    assert one_line(OSError(13, "Permission denied", "/kapittel.docx")) is None


def test_a_file_the_user_named_is_named():
    assert one_line_for_file(OSError(13, "Permission denied", "/kapittel.docx")) == (
        "/kapittel.docx: permission denied; nothing was written")
