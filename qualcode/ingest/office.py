"""Word (.docx) and OpenDocument (.odt) text, paragraphs and table cells in reading order."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from defusedxml import DefusedXmlException

from ..errors import ImportRefused
from .limits import open_safe_zip, read_xml_part


def read_docx(path: Path) -> str:
    """Body paragraphs and table cells in reading order (python-docx), one paragraph per block."""
    with open_safe_zip(path) as archive:
        read_xml_part(archive, "word/document.xml")  # refuses DTDs and oversized parts up front
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ImportRefused(f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    paragraphs: list[str] = []
    _docx_blocks(document, paragraphs, seen_cells=set())
    return "\n\n".join(p for p in paragraphs if p.strip())


def _docx_blocks(container, out: list[str], seen_cells: set) -> None:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc in seen_cells:  # a merged cell repeats across the span
                        continue
                    seen_cells.add(cell._tc)
                    _docx_blocks(cell, out, seen_cells)


_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def read_odt(path: Path) -> str:
    with open_safe_zip(path) as archive:
        root = _parse(read_xml_part(archive, "content.xml"), "content.xml")
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise ImportRefused("content.xml has no text body: not a text document")
    paragraphs: list[str] = []
    _odt_block(body, paragraphs)
    return "\n\n".join(p for p in paragraphs if p.strip())


def _odt_block(element: Element, out: list[str]) -> None:
    for child in element:
        if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            out.append(_odt_inline(child))
        else:  # lists, sections, tables and their cells hold paragraphs further down
            _odt_block(child, out)


def _odt_inline(element: Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            count = child.get(f"{_TEXT}c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif child.tag in (f"{_TEXT}note", f"{_OFFICE}annotation"):
            pass  # footnotes and comments are not the transcript
        else:
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _parse(data: bytes, name: str) -> Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ImportRefused(f"{name} declares a DTD or entities (refused)") from None
    except SafeET.ParseError as exc:
        raise ImportRefused(f"{name} is not well-formed XML ({exc})") from None
