"""Writers for test inputs: Word, OpenDocument, hostile zips. Built here so no binary fixture is opaque."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
 <office:body><office:text>{body}</office:text></office:body>
</office:document-content>"""


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None, after: list[str] = ()) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return path


def write_odt(path: Path, body_xml: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", ODT_CONTENT.format(body=body_xml))
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


def rewrite_zip_member(source: Path, target: Path, member: str, data: bytes) -> Path:
    """Copy a zip, replacing one member's bytes (to plant hostile XML in a real docx)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, data if info.filename == member else original.read(info.filename))
    return target
