"""Which letters a language writes beyond a-z: how a decoding is told from mojibake.

A text read in the wrong code page shows letters its language does not have (Polish `ż` read as
Mac Roman is `ø`, Turkish `ı` read as Windows-1252 is `ý`), symbols or spaces inside words (`Za¿ó³æ`),
capitals inside lower-case words (`gÊr`) or two alphabets in one word (`Iюэk`). `fit` is the share of
non-ASCII characters that show none of that, judged for one language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

SAMPLE_CHARS = 30_000  # a reading is judged on its first 30,000 characters (some 4,000 words): enough evidence

# the project's language, strictly: what a Nordic, German or English transcript in an old code page holds.
# The core letters are the language's own (they count double when two readings compete), the rest loans
# and names; Nordic letters are everywhere, since every qualcode project may hold Nordic names.
_HINT_CORE = {"nb": "æøå", "sv": "åäöæø", "de": "äöüßæøå", "en": "æøå"}
_HINT_EXTRA = {"nb": "éèêóòôàüäö", "sv": "éèàü", "de": "éèàçô", "en": "éèêëïçôàâüöäñ"}
for _alias in ("nn", "da"):
    _HINT_CORE[_alias], _HINT_EXTRA[_alias] = _HINT_CORE["nb"], _HINT_EXTRA["nb"]
HINT_ALPHABETS = {name: _HINT_CORE[name] + _HINT_EXTRA[name] for name in _HINT_CORE}

_LATIN = {
    "Norwegian": "æøåéèêóòôàüäö",
    "Danish": "æøåéèêóòôàüäö",
    "Swedish": "åäöéüæø",
    "Icelandic": "áéíóúýðþæö",
    "German": "äöüßéèêàâçñáóíúëïô",
    "English": "éèêëïîçôàâüöäñáíóúæœ",
    "Polish": "ąćęłńóśźż",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Slovene": "čšžćđ",
    "Croatian": "čćđšž",
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
_CYRILLIC = {
    "Russian": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "Bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "Ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "Serbian": "абвгдђежзијклљмнњопрстћуфхцчџш",
}
# scripts told by the Unicode name of each character, or by code point blocks for Chinese, Japanese, Korean
_SCRIPTS = {"Greek": "GREEK", "Hebrew": "HEBREW", "Arabic": "ARABIC", "Thai": "THAI"}
# halfwidth katakana and Hangul (U+FF61-FFDC) are left out: in a decoded text they are a sign of the wrong code page
_HAN = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFF60), (0xFFE0, 0xFFEF))
_BLOCKS = {
    "Chinese": _HAN,
    "Japanese": _HAN + ((0x3040, 0x30FF), (0x31F0, 0x31FF)),
    "Korean": _HAN + ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),
}
# allowed inside a word: apostrophe, hyphens, soft hyphen, zero-width joiners
_INSIDE_WORD_OK = set("\u2019\u2010\u2011\u00ad\u200c\u200d")
# symbols a transcript may hold between words; others (box drawing, math, arrows) mean a wrong code page
_COMMON_SYMBOLS = set("€£$¢¥¤§©®™°±×÷µ½¼¾²³¹¦¨¯´¸¬^`~|+<=>†‡•‰′″№")
# what an English or Nordic text in Windows-1252 may hold and nothing else: typographic punctuation
TYPOGRAPHIC = set("’‘“”„–—…«»•·€£°§\u00a0")
# alphabets whose letters never share a word with another alphabet's letters
_WORD_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "HEBREW", "ARABIC", "THAI")


def _with_capitals(letters: str) -> frozenset[str]:
    return frozenset(letters) | frozenset(c.upper() for c in letters if len(c.upper()) == 1)


_LETTER_SETS = {name: _with_capitals(letters) for name, letters in {**_LATIN, **_CYRILLIC}.items()}
_HINT_SETS = {name: _with_capitals(letters) for name, letters in HINT_ALPHABETS.items()}


def known_languages() -> list[str]:
    return [*_LETTER_SETS, *_SCRIPTS, *_BLOCKS]


@lru_cache(maxsize=65536)
def _belongs(ch: str, language: str) -> bool:
    if language in _HINT_SETS:
        return ch in _HINT_SETS[language]
    if language in _LETTER_SETS:
        return ch in _LETTER_SETS[language]
    if language in _SCRIPTS:
        return unicodedata.name(ch, "").startswith(_SCRIPTS[language])
    return any(low <= ord(ch) <= high for low, high in _BLOCKS[language])


def fit(text: str, language: str) -> float:
    """Share of the non-ASCII characters that look right for the language (1.0 when there are none).

    `language` is a project language (nb, sv, de, en: its strict hint alphabet) or a language name
    (Polish, Greek, Chinese ...)."""
    profile = _profile(text)
    good = profile.fine
    for (ch, _alone), count in profile.letters.items():
        good += count * _belongs(ch, language)
    for (ch, inside_word), count in profile.symbols.items():
        cjk = language in _BLOCKS and _belongs(ch, language)
        usual = ch in _COMMON_SYMBOLS or cjk or unicodedata.category(ch)[0] == "P"
        good += count * (usual and (not inside_word or cjk))
    return good / profile.total if profile.total else 1.0


def best_fit(text: str) -> tuple[str, float]:
    """The known language this text fits best, and how well."""
    fits = {language: fit(text, language) for language in known_languages()}
    language = max(fits, key=lambda name: fits[name])
    return language, fits[language]


def letters_in(text: str, language: str) -> int:
    """How many well-placed non-ASCII letters of the language the text holds (evidence for a reading);
    for a project language its core letters (æ ø å for Norwegian) count double, and a letter standing
    alone counts only if it is a core letter (Norwegian `å`, not a lone `ñ` read from a dash)."""
    core = _with_capitals(_HINT_CORE.get(language, ""))
    return sum(count * (2 if ch in core else 0 if alone else 1)
               for (ch, alone), count in _profile(text).letters.items() if _belongs(ch, language))


def only_typographic(text: str) -> bool:
    """The text's non-ASCII characters are all quotes, dashes and the like (English in Windows-1252)."""
    profile = _profile(text)
    return not profile.letters and profile.total > 0 and all(
        ch in TYPOGRAPHIC for ch, _ in profile.symbols) and profile.total == sum(profile.symbols.values())


@dataclass(frozen=True)
class _Profile:
    """A text's non-ASCII characters sorted once, so that judging it for each language is cheap."""

    total: int
    fine: int  # combining marks, spaces between words, apostrophes and hyphens inside words
    letters: Counter  # (letter, standing alone?) in a plausible place: no capital inside a lower-case word,
    # one alphabet a word
    symbols: Counter  # (character, inside a word?) for punctuation and symbols


def _wrong_case(category: str, before: str, after: str) -> bool:
    """A capital after a small letter or between a capital and a small one (gÊr, MÅller), or a small letter
    right before a capital (øC): how a wrong code page shows in words, rarely how people write them."""
    if category == "Lu":
        return before.isalpha() and (before.islower() or (after.isalpha() and after.islower()))
    return category == "Ll" and after.isalpha() and after.isupper()


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    if ch < "\x80":
        return "LATIN" if ch.isalpha() else ""
    name = unicodedata.name(ch, "")
    return next((script for script in _WORD_SCRIPTS if name.startswith(script)), "")


@lru_cache(maxsize=64)
def _profile(text: str, sample_chars: int = SAMPLE_CHARS) -> _Profile:
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
        after = sample[index + 1] if index + 1 < len(sample) else " "
        inside_word = before.isalpha() and after.isalpha()
        if category[0] == "L":  # a capital inside a lower-case word: gÊr, MÅller, øC
            capital_inside_word = _wrong_case(category, before, after)
            script = _script(ch)
            two_alphabets = bool(script) and any(
                other.isalpha() and _script(other) not in ("", script) for other in (before, after))
            if not (capital_inside_word or two_alphabets):
                letters[ch, not before.isalpha() and not after.isalpha()] += 1
        elif category[0] == "M" or ch in _INSIDE_WORD_OK:  # combining marks (Hebrew points, NFD accents)
            fine += 1
        elif category[0] == "Z":  # no-break and other spaces, not inside a word
            fine += not inside_word
        elif category[0] != "C" and ch != "\ufffd":  # C1 controls, private use, U+FFFD are never right
            symbols[ch, inside_word] += 1
    return _Profile(total, fine, letters, symbols)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def judged_where_they_differ(text: str, other: str, language: str, limit: int = SAMPLE_CHARS) -> int:
    """Two readings of the same single-byte text, judged where they disagree: +1 for each of this text's
    letters that belong to `language` there, -1 for each character out of place, 0 for plain punctuation."""
    score = 0
    for index in range(min(len(text), len(other), limit)):
        ch = text[index]
        if ch == other[index]:
            continue
        score += _character_score(text, index, language)
    return score


def _character_score(text: str, index: int, language: str) -> int:
    ch = text[index]
    category = unicodedata.category(ch)
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if category[0] == "L":
        if _wrong_case(category, before, after):
            return -1
        script = _script(ch)
        if script and any(o.isalpha() and _script(o) not in ("", script) for o in (before, after)):
            return -1
        return 1 if (ch >= "\x80" and _belongs(ch, language)) or ch < "\x80" else -1
    if category[0] == "C" or ch == "\ufffd":
        return -1
    inside_word = before.isalpha() and after.isalpha()
    if inside_word and ch not in _INSIDE_WORD_OK:
        return -1
    return 0
