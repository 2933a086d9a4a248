"""Text in a legacy code page: charset-normalizer proposes readings, the project's language picks one.

charset-normalizer alone is unsure on short texts (Norwegian DOS text comes out as Baltic, Turkish as
Windows-1252); so the old Western code pages a Nordic researcher meets are always among the readings, and
a reading counts only when its letters fit the project's language or the language charset-normalizer
found (`alphabets.fit`). No convincing reading: the file is refused with the likely encodings named.
"""

from __future__ import annotations

from dataclasses import dataclass

import charset_normalizer
import charset_normalizer.cd

from ..errors import ImportRefused
from .alphabets import fit, known_languages

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
PROJECT_ALPHABET = {"nb": "nb", "nn": "nb", "da": "nb", "sv": "sv", "de": "de", "en": "en"}

_NAMES = {"cp1252": "windows-1252", "mac_roman": "mac-roman", "cp865": "cp865 (DOS Nordic)",
          "cp850": "cp850 (DOS Western)"}
_ICONV = {"mac_roman": "MACINTOSH", "mac_cyrillic": "MAC-CYRILLIC", "mac_greek": "MACGREEK",
          "mac_latin2": "MACCENTRALEUROPE", "mac_turkish": "MACTURKISH", "tis_620": "TIS-620"}


@dataclass(frozen=True)
class Reading:
    codec: str
    text: str
    fit: float
    language: str
    bad_bytes: tuple[int, ...] = ()  # undefined bytes replaced with U+FFFD


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
    """The convincing reading of bytes that are neither UTF-8 nor UTF-16/32, or ImportRefused."""
    hinted = [PROJECT_ALPHABET[language]] if language in PROJECT_ALPHABET else sorted(set(PROJECT_ALPHABET.values()))
    readings = [r for codec in HINT_CODE_PAGES if (r := _hint_reading(data, codec, hinted))]
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=OTHER_CODE_PAGES + list(HINT_CODE_PAGES)))
    for match in matches:
        languages = [name for name in match.languages + _native_languages(match.encoding) if name in known_languages()]
        same_as = [i for i, r in enumerate(readings) if r.codec in match.could_be_from_charset]
        if same_as:  # a hint code page charset-normalizer also proposes: judge it by its language too
            index = same_as[0]
            readings[index] = _judged(readings[index].text, readings[index].codec, hinted + languages,
                                      readings[index].bad_bytes)
        else:
            readings.append(_judged(str(match), match.encoding, languages + hinted))
    convincing = [r for r in readings if r.fit >= CONVINCING_FIT]
    if convincing:
        # the best fit wins; on a tie the project's own code pages first, then charset-normalizer's order
        return max(convincing, key=lambda r: (round(r.fit, 2), -readings.index(r)))
    raise ImportRefused(_refusal(matches))


def _native_languages(codec: str) -> list[str]:
    """The languages a code page was made for (charset-normalizer's tables): Chinese for big5, Greek for cp1253."""
    return charset_normalizer.cd.mb_encoding_languages(codec) or charset_normalizer.cd.encoding_languages(codec)


def _hint_reading(data: bytes, codec: str, languages: list[str]) -> Reading | None:
    bad: list[int] = []
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        if codec != "cp1252":
            return None
        text, bad = _decode_cp1252_replacing(data)
    return _judged(text, codec, languages, tuple(bad))


def _judged(text: str, codec: str, languages: list[str], bad_bytes: tuple[int, ...] = ()) -> Reading:
    fits = {name: fit(text, name) for name in dict.fromkeys(languages)}
    best = max(fits, key=fits.get)
    return Reading(codec, text, fits[best], best, bad_bytes)


def _decode_cp1252_replacing(data: bytes) -> tuple[str, list[int]]:
    """Windows-1252 leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D): they become U+FFFD, and are named."""
    undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    bad = [index for index, byte in enumerate(data) if byte in undefined]
    return data.decode("cp1252", errors="replace"), bad


def _refusal(matches) -> str:
    guesses: list[tuple[str, str]] = []
    for match in matches:
        if match.encoding not in [codec for codec, _ in guesses]:
            guesses.append((match.encoding, match.language if match.language != "Unknown" else ""))
    if not guesses:
        return "unknown text encoding (not UTF-8, UTF-16, UTF-32 or a known code page): save it as UTF-8"
    named = ", ".join(f"{display_name(codec)}{f' ({lang})' if lang else ''}" for codec, lang in guesses[:3])
    return (f"unknown text encoding: no reading is convincing (perhaps {named}); convert it to UTF-8 first, "
            f"e.g. iconv -f {iconv_name(guesses[0][0])} -t UTF-8 FILE > FILE-utf8.txt")
