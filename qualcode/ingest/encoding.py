"""Bytes to canonical text: detect UTF-8/UTF-16/Windows-1252, normalise newlines and to Unicode NFC."""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import ImportRefused

_C1_CONTROLS = {chr(c) for c in range(0x80, 0xA0)}


def decode(data: bytes) -> str:
    """Decode a text file's bytes, or refuse with a reason a researcher can act on."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if b"\x00" in data[:65536]:
        if _looks_like_utf16_without_bom(data):
            raise ImportRefused("looks like UTF-16 without a byte-order mark: save it as UTF-8")
        raise ImportRefused("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mac = _mac_roman_if_nordic(data)
    if mac is not None:
        return mac
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if sum(ch in _C1_CONTROLS for ch in text) > max(2, len(text) // 1000):
        raise ImportRefused("unknown text encoding (not UTF-8, UTF-16 or Windows-1252): save it as UTF-8")
    return text


def read_text_file(path) -> str:
    """A small text file the user names (CSV, codebook): decoded and normalised, or one clear line."""
    from ..errors import QualcodeError

    try:
        return normalise(decode(path.read_bytes()))
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read ({exc.strerror})") from None
    except ImportRefused as exc:
        raise QualcodeError(f"{path}: {exc}") from None


_NORDIC = set("æøåÆØÅäöÄÖ")
_MAC_AS_WINDOWS = set("Œ¿¾®¯Ž¼½")  # how Mac Roman's æ ø å ... look when read as Windows-1252


def _mac_roman_if_nordic(data: bytes) -> str | None:
    """Old Mac files: their æ ø å read as Windows-1252 give Œ ¿ ¾; read as Mac Roman they are letters."""
    as_mac = data.decode("mac_roman")
    nordic = sum(ch in _NORDIC for ch in as_mac)
    if nordic == 0:
        return None
    as_windows = data.decode("cp1252", errors="replace")
    odd = sum(ch in _MAC_AS_WINDOWS or ch == "\ufffd" for ch in as_windows)
    return as_mac if odd >= nordic * 0.8 else None


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
    """Canonical form: \\n newlines, NFC, no stray NULs or form feeds, no trailing blanks at the end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "").replace("\f", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    return text.strip("\n")
