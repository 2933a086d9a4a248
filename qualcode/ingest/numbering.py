"""List numbers as the reader sees them: `1. Hvordan ...`, `2.1 ...`, `a) ...`; bullets are left out.

Word keeps numbering in numbering.xml (a paragraph's numPr, or its style's); Writer in list styles. Both
are counted here in document order: a level counts up, and the levels below it start again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def format_number(value: int, style: str) -> str | None:
    """A counter in a list style: decimal, decimalZero, lower/upperLetter, lower/upperRoman; None for others."""
    if style in ("decimal", "1"):
        return str(value)
    if style == "decimalZero":
        return f"{value:02d}"
    if style in ("lowerLetter", "upperLetter", "a", "A"):
        letters = ""
        n = value
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style in ("upperLetter", "A") else letters
    if style in ("lowerRoman", "upperRoman", "i", "I"):
        roman = ""
        n = value
        for amount, numeral in _ROMAN:
            while n >= amount:
                roman += numeral
                n -= amount
        return roman.upper() if style in ("upperRoman", "I") else roman
    return None  # bullet, none, ordinal words, Asian counting systems: not kept as text


@dataclass
class ListNumbers:
    """Counters per list and level, in document order."""

    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def step(self, list_id: str, level: int, starts: dict[int, int]) -> dict[int, int]:
        """Count one item at `level`; the deeper levels start again. Returns the list's counters."""
        levels = self.counters.setdefault(list_id, {})
        for upper in range(level):
            levels.setdefault(upper, starts.get(upper, 1))
        levels[level] = levels[level] + 1 if level in levels else starts.get(level, 1)
        for deeper in [lvl for lvl in levels if lvl > level]:
            del levels[deeper]
        return levels


@dataclass(frozen=True)
class _Level:
    style: str
    text: str  # Word's lvlText, `%1.` or `%1.%2.`
    start: int


class WordNumbering:
    """numbering.xml and the styles that carry a numPr, for one document."""

    def __init__(self, w: str, numbering: Element | None, styles: Element | None) -> None:
        self.w = w
        self._levels: dict[str, dict[int, _Level]] = {}  # numId -> level -> format
        self._style_numbering: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _val(self, element: Element | None, child: str, default: str | None = None) -> str | None:
        if element is None:
            return default
        found = element.find(f"{self.w}{child}")
        return found.get(f"{self.w}val", default) if found is not None else default

    def _read_numbering(self, root: Element) -> None:
        w = self.w
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in root.iter(f"{w}abstractNum"):
            levels = {}
            for level in definition.findall(f"{w}lvl"):
                index = _int(level.get(f"{w}ilvl"), 0)
                levels[index] = _Level(self._val(level, "numFmt") or "decimal", self._val(level, "lvlText") or "",
                                       _int(self._val(level, "start"), 1))
            abstract[definition.get(f"{w}abstractNumId", "")] = levels
        for num in root.iter(f"{w}num"):
            levels = dict(abstract.get(self._val(num, "abstractNumId", "") or "", {}))
            for override in num.findall(f"{w}lvlOverride"):
                index = _int(override.get(f"{w}ilvl"), 0)
                start = self._val(override, "startOverride")
                if start is not None and index in levels:
                    old = levels[index]
                    levels[index] = _Level(old.style, old.text, _int(start, old.start))
            self._levels[num.get(f"{w}numId", "")] = levels

    def _read_styles(self, root: Element) -> None:
        w = self.w
        based_on: dict[str, str] = {}
        own: dict[str, tuple[str, int]] = {}
        for style in root.iter(f"{w}style"):
            style_id = style.get(f"{w}styleId", "")
            parent = self._val(style, "basedOn")
            if parent:
                based_on[style_id] = parent
            num_pr = style.find(f"{w}pPr/{w}numPr")
            if num_pr is not None:
                own[style_id] = (self._val(num_pr, "numId", "0") or "0", _int(self._val(num_pr, "ilvl"), 0))
        for style_id in set(based_on) | set(own):
            seen, current = set(), style_id
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current, "")
            if current in own:
                self._style_numbering[style_id] = own[current]

    def prefix(self, paragraph: Element, numbers: ListNumbers) -> str:
        """`1. ` for a numbered paragraph (counted now), "" for others and for bullets."""
        w = self.w
        properties = paragraph.find(f"{w}pPr")
        if properties is None:
            return ""
        num_pr = properties.find(f"{w}numPr")
        style_numbering = self._style_numbering.get(self._val(properties, "pStyle", "") or "")
        num_id, level = style_numbering or ("0", 0)
        if num_pr is not None:
            num_id = self._val(num_pr, "numId", num_id) or num_id
            level = _int(self._val(num_pr, "ilvl"), level)
        levels = self._levels.get(num_id)
        if num_id == "0" or not levels or level not in levels:
            return ""
        counters = numbers.step(num_id, level, {index: lvl.start for index, lvl in levels.items()})
        if format_number(1, levels[level].style) is None:
            return ""  # a bullet: counted (Word counts it too) but not written

        def counter(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            lvl = levels.get(index)
            shown = format_number(counters.get(index, lvl.start if lvl else 1), lvl.style if lvl else "decimal")
            return shown or ""

        shown = re.sub(r"%(\d)", counter, levels[level].text).strip()
        return f"{shown} " if shown else ""


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
