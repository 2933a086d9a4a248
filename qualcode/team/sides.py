"""One input of a merge, read whole from its read-only snapshot: its rows, codes, lineage and coders."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import settings as keys
from ..store import merging as store
from ..store import settings as stored_settings
from .lineage import Lineage, lineage
from .matching import SideCode, side_codes

_EXAMPLES = 3  # example units per code in a proposal
_EXAMPLE_CHARS = 120


def text_hash(text: str) -> str:
    """What matches two documents: the sha256 of their exact stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Side:
    """A project as a merge sees it. label is "A" or "B"; conn is the snapshot's (A's becomes the output)."""

    label: str
    path: Path
    conn: sqlite3.Connection
    lineage: Lineage = field(init=False)
    language: str = field(init=False)
    pipeline: str = field(init=False)
    _tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.lineage = lineage(self.conn)
        self.language = stored_settings.get(self.conn, keys.LANGUAGE, "nb")
        self.pipeline = stored_settings.get(self.conn, keys.PIPELINE)

    @property
    def name(self) -> str:
        return self.path.name

    def rows(self, table: str) -> list[dict[str, Any]]:
        if table not in self._tables:
            self._tables[table] = store.rows(self.conn, table)
        return self._tables[table]

    def by_id(self, table: str) -> dict[int, dict[str, Any]]:
        return {row["id"]: row for row in self.rows(table)}

    @cached_property
    def codes(self) -> dict[int, SideCode]:
        return side_codes(self.rows("codes"))

    @cached_property
    def documents(self) -> dict[int, dict[str, Any]]:
        return self.by_id("documents")

    @cached_property
    def units(self) -> dict[int, dict[str, Any]]:
        return self.by_id("units")

    @cached_property
    def participant_labels(self) -> dict[int, str]:
        return {row["id"]: row["label"] for row in self.rows("participants")}

    def coders(self) -> list[str]:
        return sorted({row["coder"] for row in self.rows("codings")}, key=str.casefold)

    def examples(self, limit: int = _EXAMPLES, chars: int = _EXAMPLE_CHARS) -> dict[int, list[str]]:
        """Code id -> the first few texts of the units coded with it (with document label when whole)."""
        found: dict[int, list[str]] = {}
        seen: dict[int, set[int]] = {}
        for coding in sorted(self.rows("codings"), key=lambda c: c["id"]):
            code: int | None = coding["code_id"]
            while code is not None:  # a unit counts for its code and every code above it
                texts, units = found.setdefault(code, []), seen.setdefault(code, set())
                if len(texts) < limit and coding["unit_id"] not in units:
                    units.add(coding["unit_id"])
                    unit = self.units[coding["unit_id"]]
                    document = self.documents[unit["document_id"]]
                    text = " ".join(document["text"][unit["start"]:unit["end"]].split())
                    texts.append(text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0] + " ...")
                code = self.codes[code].parent_id if code in self.codes else None
        return found

    def links(self, table: str, key: str) -> dict[int, list[dict[str, Any]]]:
        """Rows of a link table (condensate_units, synthesis_quotes, theme_sources) by their owner's id."""
        grouped: dict[int, list[dict[str, Any]]] = {}
        for row in self.rows(table):
            grouped.setdefault(row[key], []).append(row)
        return grouped

    def split_from(self, after: int) -> dict[str, str]:
        """uid of a code split off after the log position -> uid of the code it was split from."""
        uids = {code.id: code.uid for code in self.codes.values()}
        found: dict[str, str] = {}
        split_changes = {change for change, _, _ in store.changes_after(self.conn, after, "split code")}
        if not split_changes:
            return found
        made: dict[int, str] = {}
        sources: dict[int, int] = {}
        for change, table, _, before, after_image in store.images_after(self.conn, ("codes", "codings"), after):
            if change not in split_changes:
                continue
            if table == "codes" and before is None and after_image and after_image.get("uid"):
                made[change] = after_image["uid"]
            elif table == "codings" and before and after_image and "code_id" in before \
                    and before["code_id"] != after_image.get("code_id"):
                sources[change] = before["code_id"]
        for change, uid in made.items():
            if change in sources and sources[change] in uids:
                found[uid] = uids[sources[change]]
        return found

    def deleted_after(self, after: int) -> dict[int, str]:
        """Code row id -> 'coder: summary' of the change that deleted it after the log position."""
        found: dict[int, str] = {}
        for change, _, row_id, before, after_image in store.images_after(self.conn, ("codes",), after):
            if before is not None and after_image is None and row_id not in found:
                said = store.change_summary(self.conn, change)
                found[row_id] = f"{said[0]}: {said[1]}" if said else f"change #{change}"
        return found
