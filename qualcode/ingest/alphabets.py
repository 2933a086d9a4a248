"""Which letters a language writes beyond a-z: how a decoding is told from mojibake.

A text read in the wrong code page shows letters its language does not have (Polish `ż` read as
Mac Roman is `ø`, Turkish `ı` read as Windows-1252 is `ý`), symbols inside words (`Za¿ó³æ`) or
capitals inside lower-case words (`gÊr`). `fit` is the share of non-ASCII characters that show none of that.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_LATIN = {
    "nb": "æøåéèêóòôàüäöçñáíúïë",
    "sv": "åäöéüæøàçñáíúèë",
    "de": "äöüßéèêàâçñáóíúëïô",
    "en": "éèêëïîçôàâüöäñáíóúæœ",
    "Polish": "ąćęłńóśźż",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Slovene": "čšžćđ",
    "Croatian": "čćđšž",
    "Serbian": "čćđšž",
    "Hungarian": "áéíóöőúüű",
    "Romanian": "ăâîșțşţ",
    "Turkish": "çğıİöşüâîû",
    "Lithuanian": "ąčęėįšųūž",
    "Latvian": "āčēģīķļņšūž",
    "Estonian": "äõöüšž",
    "Finnish": "äöåšž",
    "French": "àâæçéèêëîïôœùûüÿ",
    "Spanish": "áéíñóúü",
    "Portuguese": "áâãàçéêíóôõúü",
    "Italian": "àèéìíîòóùú",
    "Dutch": "éëïöüèáóúê",
}
_LATIN.update({"nn": _LATIN["nb"], "da": _LATIN["nb"], "Norwegian": _LATIN["nb"], "Danish": _LATIN["nb"],
               "Swedish": _LATIN["sv"], "German": _LATIN["de"], "English": _LATIN["en"]})
_CYRILLIC = {
    "Russian": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "Bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "Ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
}
# scripts told by the Unicode name of each character, or by code point blocks for Chinese, Japanese, Korean
_SCRIPTS = {"Greek": "GREEK", "Hebrew": "HEBREW", "Arabic": "ARABIC", "Farsi": "ARABIC", "Thai": "THAI"}
# halfwidth katakana and Hangul (U+FF61-FFDC) are left out: in a decoded text they are a sign of the wrong code page
_HAN = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFF60), (0xFFE0, 0xFFEF))
_BLOCKS = {
    "Chinese": _HAN,
    "Japanese": _HAN + ((0x3040, 0x30FF), (0x31F0, 0x31FF)),
    "Korean": _HAN + ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),
}
# allowed inside a word: apostrophe, hyphens, soft hyphen, middle dot, zero-width joiners
_INSIDE_WORD_OK = set("\u2019\u2010\u2011\u00ad\u00b7\u200c\u200d")
# symbols a transcript may hold between words; others (box drawing, math, arrows) mean a wrong code page
_COMMON_SYMBOLS = set("€£$¢¥¤§©®™°±×÷µ½¼¾²³¹¦¨¯´¸¬^`~|+<=>†‡•‰′″№")


def _with_capitals(letters: str) -> frozenset[str]:
    return frozenset(letters) | frozenset(c.upper() for c in letters if len(c.upper()) == 1)


_LETTER_SETS = {name: _with_capitals(letters) for name, letters in {**_LATIN, **_CYRILLIC}.items()}


def known_languages() -> set[str]:
    return set(_LETTER_SETS) | set(_SCRIPTS) | set(_BLOCKS)


def _belongs(ch: str, language: str) -> bool:
    if language in _LETTER_SETS:
        return ch in _LETTER_SETS[language]
    if language in _SCRIPTS:
        return unicodedata.name(ch, "").startswith(_SCRIPTS[language])
    return any(low <= ord(ch) <= high for low, high in _BLOCKS[language])


def fit(text: str, language: str) -> float:
    """Share of the non-ASCII characters that look right for the language (1.0 when there are none)."""
    profile = _profile(text)
    good = profile.fine
    for ch, count in profile.letters.items():
        good += count * _belongs(ch, language)
    for (ch, inside_word), count in profile.symbols.items():
        cjk = language in _BLOCKS and _belongs(ch, language)
        good += count * ((ch in _COMMON_SYMBOLS or cjk or unicodedata.category(ch)[0] == "P") and (not inside_word or cjk))
    return good / profile.total if profile.total else 1.0


@dataclass(frozen=True)
class _Profile:
    """A text's non-ASCII characters sorted once, so that judging it for each language is cheap."""

    total: int
    fine: int  # spaces, combining marks, apostrophes and hyphens inside words
    letters: Counter  # letters in a plausible place (no capital inside a lower-case word)
    symbols: Counter  # (character, inside a word?) for punctuation and symbols


@lru_cache(maxsize=32)
def _profile(text: str, sample_chars: int = 100_000) -> _Profile:
    sample = text[:sample_chars]
    total = fine = 0
    letters: Counter = Counter()
    symbols: Counter = Counter()
    for match in _NON_ASCII.finditer(sample):
        index = match.start()
        ch = match.group()
        total += 1
        category = unicodedata.category(ch)
        before = sample[index - 1] if index else " "
        if category[0] == "L":
            if not (category == "Lu" and before.isalpha() and before.islower()):
                letters[ch] += 1
        elif category[0] in "MZ" or ch in _INSIDE_WORD_OK:  # combining marks (Hebrew points), no-break spaces
            fine += 1
        elif category[0] != "C" and ch != "\ufffd":  # C1 controls, private use, U+FFFD are never right
            after = sample[index + 1] if index + 1 < len(sample) else " "
            symbols[ch, before.isalpha() and after.isalpha()] += 1
    return _Profile(total, fine, letters, symbols)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
