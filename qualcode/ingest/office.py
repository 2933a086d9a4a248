"""Word (.docx) and OpenDocument (.odt) text, paragraphs and table cells in reading order."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import docx
from defusedxml import DefusedXmlException
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import ImportRefused
from .limits import open_safe_zip, read_xml_part
from .turns import is_label_like


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
            out.append(paragraph_text(block._p))
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if cell._tc in seen_cells:  # a merged cell repeats across the span
                        continue
                    seen_cells.add(cell._tc)
                    cells.append(cell)
                rows.append(cells)
            texts = [["\n\n".join(t for p in cell.paragraphs if (t := paragraph_text(p._p)).strip()) for cell in cells]
                     for cells in rows]
            turns = transcript_table(texts)
            for cells, turn in zip(rows, turns):
                if turn is not None:
                    out.append(turn)
                else:
                    for cell in cells:
                        _docx_blocks(cell, out, seen_cells)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# deleted text (tracked changes), moved-away text, text boxes and footnote marks are not what was said
_SKIPPED_UNDER = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent"}


def paragraph_text(paragraph) -> str:
    """A Word paragraph's text as read: tracked insertions kept, deletions and field codes left out.

    python-docx's Paragraph.text reads only direct runs and hyperlinks, so inserted text would be lost.
    """
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if any(ancestor.tag in _SKIPPED_UNDER for ancestor in node.iterancestors()):
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


_TIMESTAMP = re.compile(r"\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]?")
_NAME = re.compile(r"[^\W\d_][\w .'’-]{0,28}")


def transcript_table(rows: list[list[str]]) -> list[str | None]:
    """Per row its turn, when the table as a whole is a transcript: most rows are (time |) speaker |
    words and the speakers take turns (they recur), unlike a table of participants (each label once).
    A speaker met only once, such as a header row `Taler | Tekst`, stays cells unless it is a label."""
    turns = [table_row_as_turn(cells) for cells in rows]
    who = [turn.split(":", 1)[0].split("] ")[-1] if turn else None for turn in turns]
    speakers = Counter(name for name in who if name)
    matched = sum(speakers.values())
    if matched < 2 or matched < 0.6 * len(rows) or max(speakers.values()) < 2:
        return [None] * len(rows)
    return [turn if turn and (speakers[name] > 1 or (is_label_like(name) and len(cells[-1].split()) > 1)) else None
            for turn, name, cells in zip(turns, who, rows)]


def table_row_as_turn(cells: list[str]) -> str | None:
    """A transcript laid out as a table, (time |) speaker | words, becomes `[time] Speaker: words`."""
    cells = [c.strip() for c in cells]
    time = ""
    if len(cells) == 3 and _TIMESTAMP.fullmatch(cells[0]):
        time, cells = f"[{cells[0].strip('[]')}] ", cells[1:]
    if len(cells) != 2 or not cells[1]:
        return None
    speaker = cells[0].rstrip(":").strip()
    if not speaker or not (is_label_like(speaker) or _NAME.fullmatch(speaker)) or len(speaker.split()) > 3:
        return None
    return f"{time}{speaker}: {cells[1]}"


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
        elif child.tag == f"{_TABLE}table":
            rows = list(child.iter(f"{_TABLE}table-row"))
            texts = [["\n\n".join(t for p in cell.iter() if p.tag in (f"{_TEXT}p", f"{_TEXT}h")
                                   if (t := _odt_inline(p)).strip())
                      for cell in row if cell.tag == f"{_TABLE}table-cell"] for row in rows]
            for row, turn in zip(rows, transcript_table(texts)):
                if turn is not None:
                    out.append(turn)
                else:
                    _odt_block(row, out)
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
