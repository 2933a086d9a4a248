"""Codebook operations on a project: tree, import (merge by stable id, then path), export."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..errors import QualcodeError
from ..store.changes import Writer, audited, now
from ..store.codes import CodeRow, all_codes, coded_units
from .model import CodeNode, new_uid


@dataclass(frozen=True)
class CodeInfo:
    """A code as the faces see it: where it sits, what it says, how much it holds."""

    id: int
    uid: str
    path: str
    name: str
    level: int  # 0 code group, 1 subgroup, 2 code
    description: str
    colour: str
    units: int  # distinct units coded with it or any code below it
    participants: int  # distinct participants those units come from
    children: tuple["CodeInfo", ...] = ()


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def tree(conn: sqlite3.Connection) -> list[CodeInfo]:
    rows = all_codes(conn)
    by_parent: dict[int | None, list[CodeRow]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    direct: dict[int, set[tuple[int, int | None]]] = {}
    for code_id, unit_id, participant_id in coded_units(conn):
        direct.setdefault(code_id, set()).add((unit_id, participant_id))

    def build(parent_id: int | None, prefix: str, level: int) -> tuple[tuple[CodeInfo, ...], set]:
        result, below = [], set()
        for row in by_parent.get(parent_id, []):
            path = f"{prefix}/{row.name}" if prefix else row.name
            children, units = build(row.id, path, level + 1)
            units = units | direct.get(row.id, set())
            people = {participant for _, participant in units if participant is not None}
            result.append(CodeInfo(row.id, row.uid, path, row.name, level, row.description, row.colour,
                                   len({unit for unit, _ in units}), len(people), children))
            below |= units
        return tuple(result), below

    return list(build(None, "", 0)[0])


def flatten(nodes: list[CodeInfo] | tuple[CodeInfo, ...]) -> list[CodeInfo]:
    out: list[CodeInfo] = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def as_nodes(infos: list[CodeInfo] | tuple[CodeInfo, ...]) -> list[CodeNode]:
    return [CodeNode(i.name, i.description, i.colour, i.uid, as_nodes(i.children)) for i in infos]


def merge_codebook(conn: sqlite3.Connection, coder: str, nodes: list[CodeNode], source: str) -> MergeReport:
    """Merge incoming codes: same stable id, else same path, is the same code; the rest is added."""
    report = MergeReport()
    try:
        with audited(conn, coder, "codebook import", f"import codebook {source}") as writer:
            rows = all_codes(conn)
            by_uid = {row.uid: row for row in rows}
            by_place = {(row.parent_id, row.name.lower()): row for row in rows}
            _merge_level(writer, nodes, None, "", by_uid, by_place, report)
    except sqlite3.IntegrityError as exc:
        raise QualcodeError(f"codebook {source} clashes with the project's codes ({exc}); nothing was changed") from None
    return report


def _merge_level(writer: Writer, nodes: list[CodeNode], parent_id: int | None, prefix: str,
                 by_uid: dict, by_place: dict, report: MergeReport) -> None:
    for position, node in enumerate(nodes):
        path = f"{prefix}/{node.name}" if prefix else node.name
        row = by_uid.get(node.uid) if node.uid else None
        row = row or by_place.get((parent_id, node.name.lower()))
        if row is None:
            code_id = writer.insert("codes", {
                "uid": node.uid or new_uid(), "parent_id": parent_id, "name": node.name,
                "description": node.description, "colour": node.colour, "position": position,
                "created_at": now(),
            })
            report.added.append(path)
        else:
            code_id = row.id
            wanted = {"name": node.name, "parent_id": parent_id}
            if node.description:
                wanted["description"] = node.description
            if node.colour:
                wanted["colour"] = node.colour
            if any(getattr(row, key) != value for key, value in wanted.items()):
                writer.update("codes", code_id, wanted)
                report.changed.append(path)
        _merge_level(writer, node.children, code_id, path, by_uid, by_place, report)
