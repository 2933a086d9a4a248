"""CSV files from Excel and friends: comma, semicolon (Norwegian Excel) or tab separated."""

from __future__ import annotations

import csv
import io


def csv_rows(text: str) -> list[list[str]]:
    """All rows, with the separator guessed from the first lines."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))
