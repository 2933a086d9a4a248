"""What agreement between coders reads (codings by coder, documents, turns, sentences) and its kept rounds."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .changes import Writer, now


def coders(conn: sqlite3.Connection) -> list[str]:
    """Everyone who has coded something, most codings first."""
    return [r[0] for r in conn.execute("SELECT coder FROM codings GROUP BY coder ORDER BY count(*) DESC, coder")]


@dataclass(frozen=True)
class CodedSpan:
    document_id: int
    start: int
    end: int
    code_id: int
    coder: str


def coded_spans(conn: sqlite3.Connection, coder_names: Sequence[str]) -> list[CodedSpan]:
    """Every coding by these coders, as its unit's span."""
    marks = ",".join("?" * len(coder_names))
    return [CodedSpan(*row) for row in conn.execute(
        f"""SELECT u.document_id, u.start, u.end, c.code_id, c.coder FROM codings c JOIN units u ON u.id = c.unit_id
            WHERE c.coder IN ({marks}) ORDER BY u.document_id, u.start""", tuple(coder_names))]


@dataclass(frozen=True)
class DocumentSize:
    id: int
    label: str
    length: int  # characters (code points) of the stored text


def document_sizes(conn: sqlite3.Connection) -> list[DocumentSize]:
    return [DocumentSize(*row) for row in conn.execute(
        "SELECT id, label, length(text) FROM documents ORDER BY label COLLATE NOCASE")]


def turn_spans(conn: sqlite3.Connection, document_ids: Sequence[int]) -> dict[int, list[tuple[int, int, str]]]:
    """(start, end, speaker) of each turn, by document, in order."""
    found: dict[int, list[tuple[int, int, str]]] = {i: [] for i in document_ids}
    for document_id, start, end, speaker in conn.execute(
            "SELECT document_id, start, end, speaker FROM turns ORDER BY document_id, start"):
        if document_id in found:
            found[document_id].append((start, end, speaker))
    return found


def sentence_spans(conn: sqlite3.Connection, document_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
    found: dict[int, list[tuple[int, int]]] = {i: [] for i in document_ids}
    for document_id, start, end in conn.execute(
            "SELECT document_id, start, end FROM segments ORDER BY document_id, start"):
        if document_id in found:
            found[document_id].append((start, end))
    return found


def document_text(conn: sqlite3.Connection, document_id: int) -> str:
    return conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]


# Kept rounds

ROUNDS_TABLE = "agreement_rounds"


def insert_round(writer: Writer, *, coders: Sequence[str], unit: str, scope: dict[str, Any], documents: int,
                 items: int, percent_agreement: float | None, kappa: float | None, alpha: float | None,
                 figures: dict[str, Any], note: str, saved_by: str) -> int:
    return writer.insert(ROUNDS_TABLE, {
        "at": now(), "saved_by": saved_by, "coders": json.dumps(list(coders), ensure_ascii=False), "unit": unit,
        "scope": json.dumps(scope, ensure_ascii=False), "documents": documents, "items": items,
        "percent_agreement": percent_agreement, "kappa": kappa, "alpha": alpha,
        "figures": json.dumps(figures, ensure_ascii=False), "note": note,
    })


@dataclass(frozen=True)
class RoundRow:
    id: int
    at: str
    saved_by: str
    coders: list[str]
    unit: str
    scope: dict[str, Any]
    documents: int
    items: int
    percent_agreement: float | None
    kappa: float | None
    alpha: float | None
    figures: dict[str, Any]
    note: str
    change_id: int | None  # the audited change that saved it


def rounds(conn: sqlite3.Connection) -> list[RoundRow]:
    rows = conn.execute(
        f"""SELECT r.id, r.at, r.saved_by, r.coders, r.unit, r.scope, r.documents, r.items, r.percent_agreement,
                   r.kappa, r.alpha, r.figures, r.note,
                   (SELECT min(cr.change_id) FROM change_rows cr
                    WHERE cr.table_name = '{ROUNDS_TABLE}' AND cr.row_id = r.id AND cr.before IS NULL)
            FROM {ROUNDS_TABLE} r ORDER BY r.id""").fetchall()
    return [RoundRow(r[0], r[1], r[2], json.loads(r[3]), r[4], json.loads(r[5]), r[6], r[7], r[8], r[9], r[10],
                     json.loads(r[11]), r[12], r[13]) for r in rows]


@dataclass(frozen=True)
class CodebookChange:
    id: int
    at: str
    coder: str
    summary: str


def codebook_changes(conn: sqlite3.Connection, after: int, before: int | None) -> list[CodebookChange]:
    """Changes to the codebook (any change that wrote a code row) between two points of the log."""
    return [CodebookChange(*row) for row in conn.execute(
        """SELECT c.id, c.at, c.coder, c.summary FROM changes c
           WHERE c.id > ? AND c.id < ?
             AND EXISTS (SELECT 1 FROM change_rows r WHERE r.change_id = c.id AND r.table_name = 'codes')
           ORDER BY c.id""", (after, before if before is not None else 1 << 62))]
