"""Codebook operations on a project: tree, import (merge by stable id, then path), export."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..errors import QualcodeError
from ..store.changes import Writer, audited, now
from ..store.codes import CodeRow, all_codes, child_named, code_by_uid, coded_units
from .model import LEVELS, CodeNode, escape_name, new_uid


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
    children: tuple[CodeInfo, ...] = ()


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
    for coded in coded_units(conn):
        direct.setdefault(coded.code_id, set()).add((coded.unit_id, coded.participant_id))

    def build(parent_id: int | None, prefix: str, level: int) -> tuple[tuple[CodeInfo, ...], set]:
        result, below = [], set()
        for row in by_parent.get(parent_id, []):
            path = f"{prefix}/{escape_name(row.name)}" if prefix else escape_name(row.name)
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
            _merge_level(conn, writer, nodes, None, "", set(), report)
            check_hierarchy(conn)
    except sqlite3.IntegrityError as exc:
        raise QualcodeError(f"codebook {source} clashes with the project's codes ({exc}); "
                            "nothing was changed") from None
    return report


def _merge_level(conn: sqlite3.Connection, writer: Writer, nodes: list[CodeNode], parent_id: int | None,
                 prefix: str, matched: set[int], report: MergeReport) -> None:
    for position, node in enumerate(nodes):
        path = f"{prefix}/{escape_name(node.name)}" if prefix else escape_name(node.name)
        # looked up as the merge goes: an earlier node may have renamed or moved a code
        row = code_by_uid(conn, node.uid) if node.uid else None
        row = row or child_named(conn, parent_id, node.name)
        if row is not None and row.id in matched:
            raise QualcodeError(f"{path} and another code of the file are the same project code")
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
        matched.add(code_id)
        _merge_level(conn, writer, node.children, code_id, path, matched, report)


def check_hierarchy(conn: sqlite3.Connection) -> None:
    """After a change that moves codes: no code under itself, nothing deeper than group > subgroup > code."""
    rows = all_codes(conn)
    parents = {row.id: row.parent_id for row in rows}
    names = {row.id: row.name for row in rows}
    for code_id in parents:
        depth, seen, current = 0, {code_id}, parents[code_id]
        while current is not None:
            if current in seen:
                raise QualcodeError(f"{names[code_id]!r} would end up inside itself; nothing was changed")
            seen.add(current)
            depth += 1
            current = parents[current]
        if depth >= len(LEVELS):
            raise QualcodeError(f"{names[code_id]!r} would sit deeper than code group > subgroup > code; "
                                "nothing was changed")
