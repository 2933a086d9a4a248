"""Archives and XML from other programs, read as hostile: every member checked before anything is read.

A .qdpx is a zip another program (or a stranger) wrote. Refused, with one line: members whose names climb
out of the archive (`..`, `/etc/x`, `C:\\x`), symbolic links, encrypted members, two members of one name, a
member or a total that would inflate past the limits or at a zip bomb's ratio, and XML that declares a DTD
or entities (entity expansion, external entities). XML is parsed by defusedxml: no DTD, no entity, and no
network access, ever. Members are read only by the names the archive itself lists.
"""

from __future__ import annotations

import re
import stat
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from ..errors import ImportRefused

MAX_ENTRIES = 50_000  # 1,000 transcripts with a .txt and a .docx each are 2,001
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one .qde of 100,000 selections is about 50 MB
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # deflate rarely beats 20:1 on text; bombs reach 1000:1
RATIO_FROM_BYTES = 1024 * 1024  # a small member may compress as well as it likes
MAX_XML_DEPTH = 256  # codes nest a few levels; a deeper tree is an attack on the reader
_DRIVE = re.compile(r"^[A-Za-z]:")


class SafeArchive:
    """A zip whose every member passed the checks; members are found case-insensitively (Sources/, sources/)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportRefused(f"{self.path.name} is not a REFI-QDA archive (not a valid zip: {exc})") from None
        try:
            self.names = self._check_members()
        except BaseException:
            self._zip.close()
            raise
        self._by_folded = {name.casefold(): name for name in self.names}

    def _check_members(self) -> list[str]:
        entries = self._zip.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ImportRefused(f"{self.path.name} has {len(entries):,} members (limit {MAX_ENTRIES:,})")
        names: list[str] = []
        seen: set[str] = set()
        total = 0
        for entry in entries:
            name = _checked_name(entry.filename)
            if stat.S_ISLNK(entry.external_attr >> 16):
                raise ImportRefused(f"member {entry.filename!r} is a symbolic link (refused)")
            if entry.flag_bits & 0x1:
                raise ImportRefused(f"member {entry.filename!r} is encrypted (refused)")
            if entry.file_size > MAX_MEMBER_BYTES:
                raise ImportRefused(f"member {entry.filename!r} inflates to {entry.file_size / 1e6:,.0f} MB "
                                    f"(limit {MAX_MEMBER_BYTES / 1e6:,.0f} MB)")
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
                raise ImportRefused(f"member {entry.filename!r} inflates {ratio:,.0f}:1 (a zip bomb?)")
            total += entry.file_size
            if total > MAX_TOTAL_BYTES:
                raise ImportRefused(f"{self.path.name} inflates to more than {MAX_TOTAL_BYTES / 1e6:,.0f} MB")
            if entry.is_dir():
                continue
            if name.casefold() in seen:
                raise ImportRefused(f"{self.path.name} holds two members named {name!r} (refused: which is meant?)")
            seen.add(name.casefold())
            names.append(name)
        return names

    def find(self, name: str) -> str | None:
        """The member of this name, letter case ignored (Sources/ or sources/), or None."""
        return self._by_folded.get(name.replace("\\", "/").lstrip("/").casefold())

    def read(self, name: str) -> bytes:
        """A member's bytes, never more than its listed size (a lying header cannot inflate further)."""
        info = self._zip.getinfo(name)
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
            raise ImportRefused(f"member {name!r} cannot be read ({exc})") from None
        if len(data) > info.file_size:
            raise ImportRefused(f"member {name!r} inflates past its listed size (refused)")
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _checked_name(raw: str) -> str:
    """A member name as a relative POSIX path inside the archive, or a refusal."""
    name = raw.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if "\x00" in name or name.startswith("/") or _DRIVE.match(name) or ".." in parts:
        raise ImportRefused(f"member {raw!r} points outside the archive (refused)")
    return name


def open_archive(path: Path) -> SafeArchive:
    if not Path(path).is_file():
        raise ImportRefused(f"no such file: {path}")
    return SafeArchive(path)


def parse_xml(data: bytes, name: str) -> Element:
    """Well-formed XML without DTD or entities, as an element tree; else a one-line refusal."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    head = data[:65536].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise ImportRefused(f"{name} declares a DTD or entities (refused: entity expansion or external entities)")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportRefused(f"{name} declares a DTD or entities (refused)") from None
    except SafeET.ParseError as exc:
        raise ImportRefused(f"{name} is not well-formed XML ({exc})") from None
    _check_depth(root, name)
    return root


def _check_depth(root: Element, name: str) -> None:
    """Walk without recursion: a million nested elements must not blow the stack of the reader."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            raise ImportRefused(f"{name} nests elements more than {MAX_XML_DEPTH} deep (refused)")
        stack.extend((child, depth + 1) for child in element)


def local_name(element: Element) -> str:
    """The tag without its namespace: other programs vary the namespace (codebook:1.0, 1:0, 0:4)."""
    tag = element.tag
    return _without_namespace(tag) if isinstance(tag, str) else ""


@lru_cache(maxsize=512)  # an archive has a few dozen tags, met hundreds of thousands of times
def _without_namespace(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def namespace_of(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local_name(child) == name]


def child(element: Element, name: str) -> Element | None:
    return next((found for found in element if local_name(found) == name), None)


def text_of(element: Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""
