"""The codebook tree in memory: paths, lookup, and merging an incoming codebook into a project's."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from ..errors import QualcodeError
from ..wording import printable

LEVELS = ("code group", "subgroup", "code")
SEPARATOR = "/"
ESCAPE = "\\"  # in a path, \\/ is a slash that belongs to a name


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
    """Group/Subgroup/Code into its names; a name's own slash is written \\/ (samarbeid m\\/ helseforetaket)."""
    parts = [printable(part).strip() for part in _unescaped_parts(path)]
    if not path.strip() or any(not part for part in parts):
        raise QualcodeError(f"bad code path {path!r} (write Group/Subgroup or Group/Subgroup/Code)")
    if len(parts) > len(LEVELS):
        raise QualcodeError(f"code path {path!r} has {len(parts)} levels; the codebook has {len(LEVELS)} "
                            f"(a slash inside a name is written \\/: samarbeid m\\/ DPS)")
    return parts


def _unescaped_parts(path: str) -> list[str]:
    """Split at every / that is not escaped; \\/ is a slash and \\\\ a backslash inside a name, any other
    backslash stays as typed (Windows-like names need no escaping)."""
    parts, current, index = [], [], 0
    while index < len(path):
        char = path[index]
        if char == ESCAPE and index + 1 < len(path) and path[index + 1] in (SEPARATOR, ESCAPE):
            current.append(path[index + 1])
            index += 2
            continue
        if char == SEPARATOR:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def escape_name(name: str) -> str:
    """A code's name as it is written inside a path: each slash escaped, and a backslash only where it
    would otherwise be read as an escape (before / or \\, or at the end)."""
    if SEPARATOR not in name and ESCAPE not in name:
        return name  # almost every name: nothing to escape (the loop below costs 40 µs a name)
    out = []
    for index, char in enumerate(name):
        following = name[index + 1] if index + 1 < len(name) else SEPARATOR
        if char == SEPARATOR:
            out.append(ESCAPE + SEPARATOR)
        elif char == ESCAPE and following in (SEPARATOR, ESCAPE):
            out.append(ESCAPE * 2)
        else:
            out.append(char)
    return "".join(out)


def join_path(names: list[str] | tuple[str, ...]) -> str:
    """The path of a code from its names, top first: split_path(join_path(names)) == names."""
    return SEPARATOR.join(escape_name(name) for name in names)


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
        label = f"{where}{SEPARATOR}{escape_name(name)}" if where else escape_name(name)
        if not name:
            raise QualcodeError(f"a code under {where or 'the top level'} has no name")
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
