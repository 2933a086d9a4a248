"""Text in a legacy code page: charset-normalizer proposes readings, the project's language helps pick one.

charset-normalizer alone is unsure on short texts (Norwegian DOS text comes out as Baltic, Turkish as
Windows-1252), so the old code pages of Nordic and Western researchers are always read too. A reading
passes when its characters fit some language (`alphabets`); among several, the project's own code page
wins when it fits the project's language, else the one that looks right where they disagree, else the
clearly less noisy or more coherent one. None, or no clear winner: the file is refused, the likely
encodings named with an iconv line to convert it.
"""

from __future__ import annotations

from dataclasses import dataclass

import charset_normalizer
import charset_normalizer.cd
import charset_normalizer.md

from ..errors import ImportRefused
from .alphabets import HINT_ALPHABETS, best_fit, fit, judged_where_they_differ, letters_in, only_typographic

# old files of Nordic and Western European researchers: Windows, old Mac, DOS Nordic, DOS Western
HINT_CODE_PAGES = ("cp1252", "mac_roman", "cp865", "cp850")
# code pages text in other languages is found in; EBCDIC and the like are left out on purpose
OTHER_CODE_PAGES = [
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_13",
    "iso8859_15", "iso8859_16", "koi8_r", "koi8_u", "mac_cyrillic", "mac_greek", "mac_latin2", "mac_turkish",
    "cp852", "cp866", "cp737", "cp857", "cp862", "cp874", "tis_620",
    "big5", "cp950", "gb2312", "gbk", "gb18030", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949",
]
CONVINCING_FIT = 0.95  # at most 1 in 20 non-ASCII characters may look out of place
CLEAR_DISAGREEMENT = 2  # where two readings differ, the better must score this much higher
CLEAR_CHAOS = 0.05  # how much less noisy one reading must be than the next (Korean against Chinese)
CLEAR_COHERENCE = 0.15  # how far charset-normalizer's language coherence must set one reading apart

_NAMES = {"cp1252": "windows-1252", "mac_roman": "mac-roman", "cp865": "cp865 (DOS Nordic)",
          "cp850": "cp850 (DOS Western)"}
_ICONV = {"mac_roman": "MACINTOSH", "mac_cyrillic": "MAC-CYRILLIC", "mac_greek": "MACGREEK",
          "mac_latin2": "MACCENTRALEUROPE", "mac_turkish": "MACTURKISH", "tis_620": "TIS-620"}


@dataclass
class Reading:
    codec: str
    text: str
    bad_bytes: tuple[int, ...] = ()  # undefined bytes replaced with U+FFFD
    coherence: float | None = None  # charset-normalizer's language coherence, when it proposed this reading
    chaos: float | None = None  # charset-normalizer's mess ratio: how much of it looks like noise
    language: str = ""  # the language it fits best
    fit: float = 0.0
    hint_fit: float = 0.0  # how well it fits the project's language (hint code pages only)


def display_name(codec: str) -> str:
    """How the import report names an encoding: windows-1250, iso-8859-2, mac-roman, big5 ..."""
    if codec in _NAMES:
        return _NAMES[codec]
    if codec.startswith("cp125"):
        return f"windows-{codec[2:]}"
    if codec.startswith("iso8859_"):
        return f"iso-8859-{codec[8:]}"
    return codec.replace("_", "-")


def iconv_name(codec: str) -> str:
    if codec in _ICONV:
        return _ICONV[codec]
    if codec.startswith("iso8859_"):
        return f"ISO-8859-{codec[8:]}"
    return codec.upper().replace("_", "-")


def read_legacy(data: bytes, language: str | None) -> Reading:
    """The convincing reading of bytes that are neither UTF-8 nor UTF-16/32, or ImportRefused.

    Every reading whose characters fit some language passes. One passing text: that is it. Several: the
    project's own code pages first, when the reading fits the project's language with some evidence;
    else the one charset-normalizer finds clearly more coherent; else refused as ambiguous."""
    hinted = [language if language in HINT_ALPHABETS else "nb"]  # no project (a CSV): Norwegian
    readings: dict[str, Reading] = {}  # one per distinct text, the first code page to give it named
    for codec in HINT_CODE_PAGES:
        reading = _hint_reading(data, codec)
        if reading is not None:
            readings.setdefault(reading.text, reading)
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=OTHER_CODE_PAGES + list(HINT_CODE_PAGES)))
    for match in matches:
        text = str(match)
        known = readings.setdefault(text, Reading(match.encoding, text))
        known.coherence = match.coherence if known.coherence is None else known.coherence
        known.chaos = match.chaos if known.chaos is None else known.chaos
    for reading in readings.values():
        judged = reading.text.replace("\ufffd", "") if reading.bad_bytes else reading.text  # named in a warning
        reading.language, reading.fit = best_fit(judged)
        if reading.codec in HINT_CODE_PAGES:
            reading.hint_fit = max(fit(judged, name) for name in hinted)
    passing = [r for r in readings.values() if r.fit >= CONVINCING_FIT]
    chosen = _choose(passing, hinted)
    if chosen is None:
        raise ImportRefused(_refusal(sorted(passing, key=_coherence, reverse=True), matches))
    return chosen


def _choose(passing: list[Reading], hinted: list[str]) -> Reading | None:
    """One passing text: it. Several: the project's own code page whose reading fits the project's language
    with the most of its letters (Windows-1252 first on a tie); else the reading that looks right where the
    readings disagree; else charset-normalizer's clearly less noisy, or clearly more coherent one; else
    none (ambiguous)."""
    if len(passing) <= 1:
        return passing[0] if passing else None
    preferred = [r for r in passing if r.hint_fit >= CONVINCING_FIT and _evidence(r, hinted)]
    if preferred:  # the reading with most letters of the project's language; on a tie the first code page
        return max(preferred, key=lambda r: (_project_letters(r, hinted), -preferred.index(r)))
    for reading in passing:
        others = [r for r in passing if r is not reading]
        if all(len(r.text) == len(reading.text) for r in others) and all(
            judged_where_they_differ(reading.text, r.text, reading.language)
            >= judged_where_they_differ(r.text, reading.text, r.language) + CLEAR_DISAGREEMENT for r in others
        ):
            return reading
    calmest = sorted(passing, key=_chaos)
    if _chaos(calmest[1]) - _chaos(calmest[0]) >= CLEAR_CHAOS:
        return calmest[0]
    ranked = sorted(passing, key=_coherence, reverse=True)
    if _coherence(ranked[0]) - _coherence(ranked[1]) >= CLEAR_COHERENCE:
        return ranked[0]
    return None


def _evidence(reading: Reading, hinted: list[str]) -> bool:
    """Letters of the project's language in the reading, or English-style punctuation and nothing else."""
    return only_typographic(reading.text) or _project_letters(reading, hinted) > 0


def _project_letters(reading: Reading, hinted: list[str]) -> int:
    return max(letters_in(reading.text, name) for name in hinted)


def _coherence(reading: Reading) -> float:
    if reading.coherence is None:
        ratios = charset_normalizer.cd.coherence_ratio(reading.text[:20_000])
        reading.coherence = ratios[0][1] if ratios else 0.0
    return reading.coherence


def _chaos(reading: Reading) -> float:
    if reading.chaos is None:
        reading.chaos = charset_normalizer.md.mess_ratio(reading.text[:20_000])
    return reading.chaos


def _hint_reading(data: bytes, codec: str) -> Reading | None:
    bad: list[int] = []
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        if codec != "cp1252":
            return None
        text, bad = _decode_cp1252_replacing(data)
    return Reading(codec, text, tuple(bad))


def _decode_cp1252_replacing(data: bytes) -> tuple[str, list[int]]:
    """Windows-1252 leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D): they become U+FFFD, and are named."""
    undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    bad = [index for index, byte in enumerate(data) if byte in undefined]
    return data.decode("cp1252", errors="replace"), bad


def _refusal(passing: list[Reading], matches) -> str:
    """Name the readings that fit some language (ambiguous), else charset-normalizer's guesses."""
    if passing:
        guesses = [(r.codec, r.language) for r in passing]
        why = "it reads as more than one language"
    else:
        guesses = [(m.encoding, m.language if m.language != "Unknown" else "") for m in matches]
        why = "no reading is convincing"
    if not guesses:
        return "unknown text encoding (not UTF-8, UTF-16, UTF-32 or a known code page): save it as UTF-8"
    named = ", ".join(f"{display_name(codec)}{f' ({lang})' if lang else ''}" for codec, lang in guesses[:3])
    return (f"unknown text encoding: {why} (perhaps {named}); convert it to UTF-8 first, "
            f"e.g. iconv -f {iconv_name(guesses[0][0])} -t UTF-8 FILE > FILE-utf8.txt")
