"""A .qdc merged into the project's codebook: same GUID, else same path, is the same code; the rest is added."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..codebook.model import CodeNode, check_tree
from ..codebook.service import MergeReport, merge_codebook
from ..store.codes import all_codes
from . import guids
from .qdc import read_qdc
from .report import ExchangeReport


@dataclass
class CodebookImport(MergeReport):
    """What the merge added and changed, and what the file held that a codebook of ours cannot (sets)."""

    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def import_qdc(conn: sqlite3.Connection, coder: str, path: Path) -> CodebookImport:
    report = ExchangeReport(path.name)
    fitted, sets = read_qdc(path, report)  # refuses a hostile or broken file before anything is written
    known = {guids.code_guid(row.uid): row.uid for row in all_codes(conn)}
    _adopt_ids(fitted.nodes, known)
    check_tree(fitted.nodes)
    merged = merge_codebook(conn, coder, fitted.nodes, path.name)
    skipped = [f"set {s.name or s.guid} ({len(s.codes)} codes): qualcode's codebook has no sets" for s in sets]
    return CodebookImport(merged.added, merged.changed, notes=report.notes, skipped=skipped)


def _adopt_ids(nodes: list[CodeNode], known: dict[str, str]) -> None:
    """A GUID that is a project code's (whatever id it has) means that code."""
    for node in nodes:
        node.uid = known.get(guids.code_guid(node.uid), node.uid)
        _adopt_ids(node.children, known)
