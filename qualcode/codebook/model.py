"""The codebook tree in memory: paths, lookup, and merging an incoming codebook into a project's."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from ..errors import QualcodeError
from ..wording import printable

LEVELS = ("code group", "subgroup", "code")
SEPARATOR = "/"


@dataclass
class CodeNode:
    """One code as read from a codebook file (no database ids)."""

    name: str
    description: str = ""
    colour: str = ""
    uid: str = ""
    children: list[CodeNode] = field(default_factory=list)


def new_uid() -> str:
    return "c-" + secrets.token_hex(5)


def split_path(path: str) -> list[str]:
    parts = [printable(part).strip() for part in path.split(SEPARATOR)]
    if not path.strip() or any(not part for part in parts):
        raise QualcodeError(f"bad code path {path!r} (write Group/Subgroup or Group/Subgroup/Code)")
    if len(parts) > len(LEVELS):
        raise QualcodeError(f"code path {path!r} has {len(parts)} levels; the codebook has {len(LEVELS)}")
    return parts


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def check_colour(colour: str) -> str:
    """A colour is #rrggbb (or nothing)."""
    if colour and not _COLOUR.fullmatch(colour):
        raise QualcodeError(f"colour {colour!r} is not of the form #4e79a7")
    return colour


def check_tree(nodes: list[CodeNode], depth: int = 0, where: str = "", ids: set[str] | None = None) -> None:
    """Refuse a malformed codebook before anything is written."""
    ids = set() if ids is None else ids
    seen: set[str] = set()
    for node in nodes:
        name = node.name.strip()
        label = f"{where}{SEPARATOR}{name}" if where else name
        if not name:
            raise QualcodeError(f"a code under {where or 'the top level'} has no name")
        if SEPARATOR in name:
            raise QualcodeError(f"code name {name!r} contains '{SEPARATOR}'")
        if depth >= len(LEVELS):
            raise QualcodeError(f"{label} is nested deeper than code group > subgroup > code")
        if name.lower() in seen:
            raise QualcodeError(f"{label} appears twice among its siblings")
        seen.add(name.lower())
        if node.uid:
            if node.uid in ids:
                raise QualcodeError(f"id {node.uid!r} is given to two codes ({label} is the second)")
            ids.add(node.uid)
        check_tree(node.children, depth + 1, label, ids)
