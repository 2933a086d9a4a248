"""simplemma's dictionaries, decoded once per machine and kept in the user's cache folder.

simplemma ships each language's dictionary front-coded and compressed; decoding bokmål's 640,000 forms
takes about a second in every process that lemmatises (a search, a word count, the TUI, an import), and
was most of a search's time. The decoded table is written once to the cache folder (platformdirs' user
cache folder for qualcode, or $QUALCODE_CACHE_DIR) as a marshal file, which loads four to five times
faster. The table comes from simplemma's own files, never from research data, and is checked against
the file it was made from (simplemma's version, the file's size and time); a missing, stale, unreadable
or unwritable cache only means decoding as before.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.__metadata__ import __version__ as SIMPLEMMA_VERSION
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.apostrophe_boundary import APOSTROPHE_BOUNDARY_LANGS
from simplemma.strategies.dictionaries.dictionary_factory import (
    DATA_FOLDER,
    CachingDictionaryFactory,
    MappingStrToByteString,
    _load_dictionary_from_disk,
)
from simplemma.utils import CANON_LANGS

from ..user_folders import user_folder

CACHE_VARIABLE = "QUALCODE_CACHE_DIR"
_FORMAT = 1  # raised when what the file holds changes


def cache_dir() -> Path:
    return user_folder("cache", CACHE_VARIABLE)


def _source(lang: str) -> Path:
    return DATA_FOLDER / f"{lang}.plzma"


def _cache_file(lang: str) -> Path:
    return cache_dir() / f"simplemma-{SIMPLEMMA_VERSION}-{lang}.marshal"


def _stamp(lang: str) -> tuple[int, str, str, int, int]:
    """What the cache must have been made from: our format, simplemma's version, the source file."""
    source = _source(lang).stat()
    return (_FORMAT, SIMPLEMMA_VERSION, lang, source.st_size, source.st_mtime_ns)


def decoded_dictionary(lang: str) -> dict[bytes, bytes]:
    """The language's forms and lemmas: from the cache when it is whole and current, else decoded (and
    kept for the next process)."""
    stamp, kept = _stamp(lang), _cache_file(lang)
    cached = _read(kept, stamp)
    if cached is not None:
        return cached
    table = _load_dictionary_from_disk(lang)
    _write(kept, stamp, table)
    return table


def _read(path: Path, stamp: tuple) -> dict[bytes, bytes] | None:
    try:
        data = path.read_bytes()
        found_stamp, table = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if tuple(found_stamp) != stamp or not isinstance(table, dict):
        return None
    return table


def _write(path: Path, stamp: tuple, table: dict[bytes, bytes]) -> None:
    """Written whole under a temporary name and renamed: a second process reads the old file or the new."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps((stamp, table)))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


class CachedDictionaryFactory(CachingDictionaryFactory):
    """simplemma's dictionary factory, its tables read through the cache."""

    __slots__ = ("tables",)

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[bytes, bytes]] = {}  # the decoded tables, for the look-up before the chain

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        if not _source(lang).exists():
            raise ValueError(f"Unsupported language: {lang}")
        table = self.tables[lang] = decoded_dictionary(lang)
        return MappingStrToByteString(table)


DICTIONARIES = CachedDictionaryFactory()
LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(DICTIONARIES)
# where simplemma's chain does something before its dictionary look-up (besides a number left as it is)
_LOOKUP_NOT_FIRST = APOSTROPHE_BOUNDARY_LANGS | CANON_LANGS


def lemmatize(word: str, lang: str) -> str:
    """simplemma.lemmatize, through the cached dictionaries. A form the dictionary holds as it is written is
    looked up directly: simplemma's chain begins with that look-up, and going through the chain's layers
    was a fifth of an import's time."""
    word = unicodedata.normalize("NFC", word)
    table = DICTIONARIES.tables.get(lang)
    if table is not None and lang not in _LOOKUP_NOT_FIRST and not word.isnumeric():
        lemma = table.get(word.encode())
        if lemma is not None:
            return lemma.decode()
    return LEMMATIZER.lemmatize(word, lang)


def is_known(word: str, lang: str) -> bool:
    """simplemma.is_known, through the cached dictionaries."""
    return _LOOKUP.get_lemma(unicodedata.normalize("NFC", word), lang) is not None
