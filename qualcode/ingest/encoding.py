"""Bytes to canonical text: byte-order marks, UTF-8 (a few bad bytes replaced and named), legacy code pages
(codepages.py); newlines normalised and Unicode NFC."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from ..errors import ImportRefused
from .codepages import display_name, read_legacy

MAX_NAMED_BAD_BYTES = 5  # a warning names this many places, then counts the rest
# a text whose UTF-8 is broken in more places than this (and 1 in 20 of its non-ASCII characters) is not
# "UTF-8 with a stray byte" but a mix of encodings
FEW_BAD_SEQUENCES = 3


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was read: the encoding for the import report, warnings about replaced bytes."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, language: str | None = None) -> str:
    """Decode a text file's bytes, or refuse with a reason a researcher can act on."""
    return decode_bytes(data, language).text


def decode_bytes(data: bytes, language: str | None = None) -> Decoded:
    """The text and the encoding it was read in; `language` (the project's) decides between old code pages."""
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32 (BOM)"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32 (BOM)"),
        (codecs.BOM_UTF8, "utf-8", "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16 (BOM)"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16 (BOM)"),
    ):  # UTF-32-LE's mark begins with UTF-16-LE's, so it is tried first
        if data.startswith(bom):
            if codec == "utf-8":
                decoded = _utf8(data[len(bom):], name, offset=len(bom), strict_beyond_few=True)
                assert decoded is not None  # with a BOM, broken UTF-8 is refused, never passed on
                return decoded
            return Decoded(_strict(data[len(bom):], codec), name)
    if b"\x00" in data[:65536]:
        if _looks_like_utf16_without_bom(data):
            raise ImportRefused("looks like UTF-16 without a byte-order mark: save it as UTF-8")
        raise ImportRefused("binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _utf8(data, "utf-8", offset=0, strict_beyond_few=False)
    if mostly_utf8 is not None:
        return mostly_utf8
    try:
        reading = read_legacy(data, language)
    except ImportRefused:
        _refuse_if_mixed(data)
        raise
    name = display_name(reading.codec)
    warnings = (_bad_bytes_warning(data, list(reading.bad_bytes), name),) if reading.bad_bytes else ()
    return Decoded(reading.text, name, warnings)


def _utf8(data: bytes, name: str, offset: int, strict_beyond_few: bool) -> Decoded | None:
    """UTF-8 with a few broken sequences: replaced with U+FFFD and named in a warning.

    Many broken sequences: with a BOM the file is refused as broken UTF-8; without one, None (not UTF-8)."""
    try:
        return Decoded(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    valid_non_ascii = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    few = replaced <= max(FEW_BAD_SEQUENCES, valid_non_ascii // 20)
    if few and (valid_non_ascii > 0 or strict_beyond_few):
        warning = _bad_bytes_warning(data, _bad_utf8_positions(data), "UTF-8", offset)
        return Decoded(text, f"{name}, {replaced} bad {'byte' if replaced == 1 else 'bytes'} replaced", (warning,))
    if strict_beyond_few:
        _refuse_if_mixed(data, always=True)
    return None


def _refuse_if_mixed(data: bytes, always: bool = False) -> None:
    """A file that is partly UTF-8 (ten or more valid sequences, more than broken ones) and partly not."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    valid_non_ascii = len(_NON_ASCII.findall(text)) - replaced
    if always or (valid_non_ascii >= 10 and valid_non_ascii >= replaced):
        line = text[: text.index("\ufffd")].count("\n") + 1
        raise ImportRefused(f"mixes UTF-8 with another encoding ({replaced:,} bytes are not UTF-8, the first on "
                            f"line {line}): save it as UTF-8 in one go")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _bad_utf8_positions(data: bytes) -> list[int]:
    """Byte offsets of the first broken UTF-8 sequences (a few are enough for the warning)."""
    positions: list[int] = []
    start = 0
    while len(positions) <= MAX_NAMED_BAD_BYTES:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            positions.append(start + exc.start)
            start += exc.end
    return positions


def _bad_bytes_warning(body: bytes, positions: list[int], encoding: str, offset: int = 0) -> str:
    """`bytes that are not valid UTF-8 were replaced with �: line 4 (byte 120), line 9 (byte 301)`.

    `positions` are offsets in `body`; `offset` is what comes before it in the file (a byte-order mark)."""
    newline = b"\n" if b"\n" in body else b"\r"  # old Mac files end lines with CR alone
    lines = [body.count(newline, 0, p) + 1 for p in positions[:MAX_NAMED_BAD_BYTES]]
    places = [f"line {line} (byte {p + offset})" for line, p in zip(lines, positions, strict=False)]
    more = ", ..." if len(positions) > MAX_NAMED_BAD_BYTES else ""
    return f"bytes that are not valid {encoding} were replaced with \ufffd: {', '.join(places)}{more}"


def read_text_file(path) -> str:
    """A small text file the user names (CSV, codebook): decoded and normalised, or one clear line."""
    from ..errors import QualcodeError

    try:
        return normalise(decode(path.read_bytes()))
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read ({exc.strerror})") from None
    except ImportRefused as exc:
        raise QualcodeError(f"{path}: {exc}") from None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"broken {encoding.upper()} at byte {exc.start}") from None


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """Text in UTF-16 decodes to mostly letters and spaces; a program or image does not."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        readable = sum(ch.isalpha() or ch.isspace() or ch in ".,;:!?'\"-()«»”" for ch in text)
        if text and readable / len(text) > 0.9:
            return True
    return False


def normalise(text: str) -> str:
    """Canonical form: \\n newlines, NFC, no byte-order marks, stray NULs or form feeds, no blank lines at the ends."""
    if any(character in text for character in _ODD_CHARACTERS):  # most texts hold none: six searches, no copies
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace("\ufeff", "").replace("\x00", "").replace("\f", "\n")
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    return text.strip("\n")


_ODD_CHARACTERS = "\r\ufeff\x00\f\u2028\u2029"
