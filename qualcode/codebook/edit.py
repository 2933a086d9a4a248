"""Changing the codebook: add, describe, rename, move, merge, split, delete. Each is one audited change."""

from __future__ import annotations

import sqlite3

from ..errors import NotFound, QualcodeError
from ..store import codes as store
from ..store.changes import Writer, audited, now
from ..wording import printable
from .model import LEVELS, check_colour, join_path, new_uid, split_path
from .service import check_hierarchy


def resolve(conn: sqlite3.Connection, path: str, writer: Writer | None = None) -> store.CodeRow:
    """The code at Group/Subgroup[/Code]; with a writer, missing levels are created in its change."""
    parent: store.CodeRow | None = None
    for depth, name in enumerate(split_path(path)):
        found = store.child_named(conn, parent.id if parent else None, name)
        if found is None:
            if writer is None:
                where = f" under {path_of(conn, parent.id)}" if parent else ""
                raise NotFound(f"no {LEVELS[depth]} {name!r}{where}")
            parent_id = parent.id if parent else None
            code_id = writer.insert("codes", {
                "uid": new_uid(), "parent_id": parent_id, "name": name,
                "position": store.next_position(conn, parent_id), "created_at": now(),
            })
            found = store.code_by_id(conn, code_id)
        parent = found
    assert parent is not None
    return parent


def path_of(conn: sqlite3.Connection, code_id: int) -> str:
    names = []
    row = store.code_by_id(conn, code_id)
    while row is not None:
        names.append(row.name)
        row = store.code_by_id(conn, row.parent_id) if row.parent_id else None
    return join_path(names[::-1])


def depth_of(conn: sqlite3.Connection, code_id: int) -> int:
    """0 for a code group, 1 for a subgroup, 2 for a code (its parents, counted)."""
    depth = 0
    row = store.code_by_id(conn, code_id)
    while row is not None and row.parent_id:
        depth += 1
        row = store.code_by_id(conn, row.parent_id)
    return depth


def descendants(conn: sqlite3.Connection, code_id: int) -> list[int]:
    """The code and everything below it."""
    found = [code_id]
    for child in store.children(conn, code_id):
        found.extend(descendants(conn, child.id))
    return found


def _height(conn: sqlite3.Connection, code_id: int) -> int:
    kids = store.children(conn, code_id)
    return 1 + max((_height(conn, k.id) for k in kids), default=0)


def add_code(conn: sqlite3.Connection, coder: str, path: str, description: str = "", colour: str = "") -> store.CodeRow:
    """Add a code; missing levels above it are made too (like mkdir -p)."""
    *parents, name = split_path(path)
    check_colour(colour)
    with audited(conn, coder, "add code", f"add code {path}") as writer:
        parent_id = resolve(conn, join_path(parents), writer).id if parents else None
        if store.child_named(conn, parent_id, name):
            raise QualcodeError(f"code {path} already exists")
        code_id = writer.insert("codes", {
            "uid": new_uid(), "parent_id": parent_id, "name": name, "description": printable(description),
            "colour": colour, "position": store.next_position(conn, parent_id), "created_at": now(),
        })
    added = store.code_by_id(conn, code_id)
    assert added is not None  # written just above, in this connection
    return added


def describe_code(conn: sqlite3.Connection, coder: str, path: str, description: str | None = None,
                  colour: str | None = None) -> None:
    code = resolve(conn, path)
    if colour:
        check_colour(colour)
    values = {k: printable(v) for k, v in (("description", description), ("colour", colour)) if v is not None}
    if values:
        with audited(conn, coder, "describe code", f"describe code {path}") as writer:
            writer.update("codes", code.id, values)


def clean_name(name: str) -> str:
    """A new name, as given: it may hold a slash (og/eller); only an empty name is refused."""
    name = printable(name).strip()
    if not name:
        raise QualcodeError(f"bad code name {name!r} (it is empty)")
    return name


def rename_code(conn: sqlite3.Connection, coder: str, path: str, new_name: str) -> str:
    code = resolve(conn, path)
    new_name = clean_name(new_name)
    clash = store.child_named(conn, code.parent_id, new_name)
    if clash and clash.id != code.id:
        raise QualcodeError(f"a sibling code is already named {new_name!r}")
    with audited(conn, coder, "rename code", f"rename code {path} to {new_name}") as writer:
        writer.update("codes", code.id, {"name": new_name})
    return path_of(conn, code.id)


def move_code(conn: sqlite3.Connection, coder: str, path: str, new_parent: str | None) -> str:
    """Move a code (with everything under it) below another code, or to the top with None."""
    code = resolve(conn, path)
    parent = resolve(conn, new_parent) if new_parent else None
    if parent and parent.id in descendants(conn, code.id):
        raise QualcodeError(f"cannot move {path} into itself")
    parent_depth = depth_of(conn, parent.id) + 1 if parent else 0
    if parent_depth + _height(conn, code.id) > len(LEVELS):
        raise QualcodeError(f"moving {path} there would nest deeper than code group > subgroup > code")
    if store.child_named(conn, parent.id if parent else None, code.name):
        raise QualcodeError(f"{new_parent or 'the top level'} already has a code named {code.name!r}")
    with audited(conn, coder, "move code", f"move code {path} to {new_parent or 'top level'}") as writer:
        writer.update("codes", code.id, {
            "parent_id": parent.id if parent else None,
            "position": store.next_position(conn, parent.id if parent else None),
        })
    return path_of(conn, code.id)


def merge_codes(conn: sqlite3.Connection, coder: str, source_path: str, target_path: str) -> int:
    """Fold source into target: its units, its sub-codes and its condensate follow; source is removed."""
    source, target = resolve(conn, source_path), resolve(conn, target_path)
    if source.id == target.id or target.id in descendants(conn, source.id):
        raise QualcodeError(f"cannot merge {source_path} into itself or into a code below it")
    moved = 0
    with audited(conn, coder, "merge codes", f"merge code {source_path} into {target_path}") as writer:
        for coding in store.codings_of_codes(conn, [source.id]):
            if store.coding_id(conn, coding.unit_id, target.id, coding.coder):
                writer.delete("codings", coding.id)
            else:
                writer.update("codings", coding.id, {"code_id": target.id})
            moved += 1
        for child in store.children(conn, source.id):
            if store.child_named(conn, target.id, child.name):
                raise QualcodeError(f"both codes have a sub-code named {child.name!r}: merge those first")
            writer.update("codes", child.id, {"parent_id": target.id,
                                              "position": store.next_position(conn, target.id)})
        _hand_over_method_rows(conn, writer, source.id, target.id)
        writer.delete("codes", source.id)
        check_hierarchy(conn)
    return moved


def _hand_over_method_rows(conn: sqlite3.Connection, writer: Writer, source_id: int, target_id: int) -> None:
    theirs = store.rows_referring_to_code(conn, source_id)
    ours = store.rows_referring_to_code(conn, target_id)
    if theirs["condensates"] and depth_of(conn, target_id) != 1:
        raise QualcodeError("a condensate belongs to a subgroup: merge it into a subgroup, or clear it first")
    for table in ("condensates", "syntheses"):
        for row_id in theirs[table]:
            if ours[table]:
                raise QualcodeError(f"both codes have {table}: clear one before merging")
            writer.update(table, row_id, {"code_id": target_id})


def split_code(conn: sqlite3.Connection, coder: str, path: str, new_name: str, unit_ids: list[int]) -> str:
    """Make a sibling code and move the codings of the given units to it."""
    code = resolve(conn, path)
    new_name = clean_name(new_name)
    if not unit_ids:
        raise QualcodeError("name the units that go to the new code")
    codings = {coding.unit_id: coding.id for coding in store.codings_of_codes(conn, [code.id])}
    missing = [u for u in unit_ids if u not in codings]
    if missing:
        raise QualcodeError(f"units {', '.join(map(str, missing))} are not coded with {path}")
    if store.child_named(conn, code.parent_id, new_name):
        raise QualcodeError(f"a sibling code is already named {new_name!r}")
    with audited(conn, coder, "split code", f"split {len(unit_ids)} units of {path} into {new_name}") as writer:
        new_id = writer.insert("codes", {
            "uid": new_uid(), "parent_id": code.parent_id, "name": new_name, "description": "",
            "colour": code.colour, "position": store.next_position(conn, code.parent_id), "created_at": now(),
        })
        for coding in store.codings_of_codes(conn, [code.id]):
            if coding.unit_id in unit_ids:
                writer.update("codings", coding.id, {"code_id": new_id})
    return path_of(conn, new_id)


def units_under(conn: sqlite3.Connection, code_id: int) -> int:
    return len({coding.unit_id for coding in store.codings_of_codes(conn, descendants(conn, code_id))})


def delete_code(conn: sqlite3.Connection, coder: str, path: str, force: bool = False) -> int:
    """Delete a code and its sub-codes; refuses while units are coded with them unless forced."""
    code = resolve(conn, path)
    count = units_under(conn, code.id)
    if count and not force:
        raise QualcodeError(f"{path} still has {count} coded units; confirm to delete it with them (--force)")
    with audited(conn, coder, "delete code", f"delete code {path} ({count} units uncoded)") as writer:
        kept = _written_under(conn, code.id)
        for code_id in reversed(descendants(conn, code.id)):
            for coding in store.codings_of_codes(conn, [code_id]):
                writer.delete("codings", coding.id)
            _delete_method_rows(conn, writer, code_id)
            writer.delete("codes", code_id)
        if kept:  # the condensates and synthesis texts go with the code: their words stay, as a project memo
            writer.insert("memos", {"target_kind": "project", "target_id": None,
                                    "text": f"Kept from the deleted code {path}:\n\n" + "\n\n".join(kept),
                                    "author": coder, "created_at": now(), "start": None, "end": None})
    return count


def _written_under(conn: sqlite3.Connection, code_id: int) -> list[str]:
    """What was written for a code and its sub-codes (condensates; syntheses' headings and texts), each named."""
    from ..store import method as method_store

    found = []
    for each in descendants(conn, code_id):
        where = path_of(conn, each)
        condensate = method_store.condensate(conn, each)
        if condensate is not None and condensate.text.strip():
            found.append(f"Condensate of {where}: {condensate.text.strip()}")
        synthesis = method_store.synthesis(conn, each)
        if synthesis is not None:
            for name, text in (("Heading", synthesis.heading), ("Introduction", synthesis.introduction),
                               ("Analytic text", synthesis.analytic_text)):
                if text.strip():
                    found.append(f"{name} of {where}: {text.strip()}")
    return found


def _delete_method_rows(conn: sqlite3.Connection, writer: Writer, code_id: int) -> None:
    from ..store import method as method_store

    for table, rows in method_store.rows_hanging_on_code(conn, code_id).items():
        for row_id in rows:
            writer.delete(table, row_id)
