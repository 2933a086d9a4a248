"""CSV files from Excel and friends: comma, semicolon (Norwegian Excel) or tab separated."""

from __future__ import annotations

import csv
import io

from ..errors import QualcodeError

# A cell may hold a whole interview answer; Python's default limit (131,072 characters) is too low for
# that, and no cell needs more than a transcript's worth.
MAX_CELL_CHARS = 10_000_000


def csv_rows(text: str, *, name: str = "the CSV file") -> list[list[str]]:
    """All rows, with the separator guessed from the first lines; a malformed file is one line."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise QualcodeError(f"{name}: not a readable CSV file ({exc})") from None
