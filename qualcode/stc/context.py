"""What every step works with: the open connection, who is working, the project language."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    conn: sqlite3.Connection
    coder: str
    language: str
