"""Guards against hostile or broken files: sizes, zip bombs, escaping zip paths, XML entities."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from ..errors import ImportRefused

MAX_FILE_BYTES = 64 * 1024 * 1024  # a long transcript is well under 1 MB
MAX_LINE_CHARS = 1_000_000  # no transcript has a megabyte on one line
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_INFLATED_BYTES = 256 * 1024 * 1024
MAX_ZIP_RATIO = 200  # deflate rarely beats 20:1 on real documents; bombs reach 1000:1
MAX_XML_PART_BYTES = 64 * 1024 * 1024


def check_file_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportRefused(f"file is {size / 1e6:.0f} MB (limit {MAX_FILE_BYTES / 1e6:.0f} MB)")


def check_line_lengths(text: str) -> None:
    start = 0
    line_number = 1
    while True:
        end = text.find("\n", start)
        length = (len(text) if end < 0 else end) - start
        if length > MAX_LINE_CHARS:
            raise ImportRefused(
                f"line {line_number} has {length:,} characters (limit {MAX_LINE_CHARS:,}): not a transcript"
            )
        if end < 0:
            return
        start = end + 1
        line_number += 1


def open_safe_zip(path) -> zipfile.ZipFile:
    """Open a zip container (docx, odt) after checking it cannot escape its folder or explode."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused(f"not a valid zip container ({exc})") from None
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportRefused(f"zip has {len(entries)} entries (limit {MAX_ZIP_ENTRIES})")
    inflated = 0
    for entry in entries:
        name = PurePosixPath(entry.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or ":" in entry.filename:
            raise ImportRefused(f"zip entry {entry.filename!r} points outside its folder")
        inflated += entry.file_size
        ratio = entry.file_size / entry.compress_size if entry.compress_size else 0
        if ratio > MAX_ZIP_RATIO and entry.file_size > 1_000_000:
            raise ImportRefused(f"zip entry {entry.filename!r} inflates {ratio:.0f}:1 (a zip bomb?)")
    if inflated > MAX_ZIP_INFLATED_BYTES:
        raise ImportRefused(f"zip inflates to {inflated / 1e6:.0f} MB (limit {MAX_ZIP_INFLATED_BYTES / 1e6:.0f} MB)")
    return archive


def read_xml_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """Read one XML part, refusing DTDs: office documents never need entity declarations."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ImportRefused(f"missing {name}: not a valid document") from None
    if info.file_size > MAX_XML_PART_BYTES:
        raise ImportRefused(f"{name} is {info.file_size / 1e6:.0f} MB (limit {MAX_XML_PART_BYTES / 1e6:.0f} MB)")
    try:
        data = archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise ImportRefused(f"cannot read {name} ({exc})") from None
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise ImportRefused(f"{name} declares a DTD or entities (refused: possible entity expansion attack)")
    return data


def parse_xml(data: bytes, name: str):
    """An XML part as an ElementTree element, through defusedxml: no DTDs, no entities, no network."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ImportRefused(f"{name} declares a DTD or entities (refused)") from None
    except SafeET.ParseError as exc:
        raise ImportRefused(f"{name} is not well-formed XML ({exc})") from None
