"""Search queries: lemma search by default, --exact for the word itself, a trailing * for prefixes.

A query is one or more words (all must occur in the sentence). Results come back as
keyword-in-context lines with the matched words marked.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import QualcodeError
from ..ingest.turns import is_interviewer
from ..models import SearchHit
from ..store.search import count_sentences, ranked_candidates, sentence_matches
from .keys import KeyFunction, key_function

_WORD = re.compile(r"\w+")
CONTEXT_CHARS = 50
# languages whose spaCy tokenizer keeps a word of letters whole and as written (no special case splits one,
# as English does cannot and Swedish hörru): a query of such words is cut and its hits marked without
# spaCy, whose import was most of a search (tests/test_search_plain_words.py checks the rule)
PLAIN_WORD_LANGUAGES = frozenset({"nb", "nn", "da", "de"})


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool
    key: str  # the lemma key, or the lower-cased word for exact and prefix terms
    lemma: bool  # matched through lemma keys, on the pipeline's own tokens

    def matches(self, word: str, key: KeyFunction) -> bool:
        lowered = word.lower()
        if self.prefix:
            return lowered.startswith(self.key)
        if self.lemma:
            return key(lowered) == self.key
        return lowered == self.key


def parse_query(query: str, key: KeyFunction, exact: bool, tokenize: Tokenize) -> list[Term]:
    """Words as the index saw them: lemma terms cut by the pipeline's tokenizer (Sykehus-avdelingene,
    don't), exact and prefix terms by FTS5's own rule (letters and digits)."""
    terms = []
    for raw in query.split():
        prefix = raw.endswith("*")
        if exact or prefix:
            terms += [Term(w, prefix, w.lower(), False) for w in _WORD.findall(raw)]
        else:
            terms += [Term(w, False, key(w.lower()), True) for _, w in tokenize(raw) if _WORD.search(w)]
    if not terms:
        raise QualcodeError(f"nothing to search for in {query!r}")
    return terms


Tokenize = Callable[[str], list[tuple[int, str]]]


def _tokenizer(language: str, trained: str | None, query: str, exact: bool) -> Tokenize:
    """(offset, word) of the pipeline's tokens, punctuation and spaces left out; the plain words (letters
    and digits) when every lemma term of the query is letters only, in a language that keeps those whole."""
    lemma_words = [] if exact else [raw for raw in query.split() if not raw.endswith("*")]
    if not trained and language in PLAIN_WORD_LANGUAGES and all(word.isalpha() for word in lemma_words):
        return plain_words
    from .pipeline import load_pipeline  # spaCy: a second or so to import

    tokenizer = load_pipeline(language, trained).tokenizer
    return lambda text: [(t.idx, t.text) for t in tokenizer(text) if not t.is_punct and not t.is_space]


def plain_words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _WORD.finditer(text)]


def fts_expression(terms: list[Term], exact: bool) -> str:
    parts = []
    for term in terms:
        quoted = '"' + term.key.replace('"', '""') + '"'
        if term.prefix:
            parts.append(f"surface : {quoted} *")
        elif exact:
            parts.append(f"surface : {quoted}")
        else:
            parts.append(f"lemmas : {quoted}")
    return " AND ".join(parts)


def count(conn: sqlite3.Connection, query: str, language: str, *, exact: bool = False,
          trained: str | None = None) -> int:
    """How many sentences match in all (for "showing 50 of 179")."""
    terms = parse_query(query, key_function(language, trained), exact, _tokenizer(language, trained, query, exact))
    return count_sentences(conn, fts_expression(terms, exact))


def search(conn: sqlite3.Connection, query: str, language: str, *, exact: bool = False, limit: int = 50,
           trained: str | None = None) -> list[SearchHit]:
    """Query words are keyed by the same pipeline that indexed the text."""
    key = key_function(language, trained)
    tokenize = _tokenizer(language, trained, query, exact)
    terms = parse_query(query, key, exact, tokenize)
    hits = []
    # bm25 favours short sentences, which are often the interviewer's questions: among the best
    # candidates, the participants' words come first
    candidates = ranked_candidates(conn, fts_expression(terms, exact), limit * 3)
    chosen = sorted(candidates, key=lambda c: is_interviewer(c.speaker))[:limit]
    for sentence in sentence_matches(conn, chosen):
        words = plain_words(sentence.text)
        if any(term.lemma for term in terms) and tokenize is not plain_words:
            words += tokenize(sentence.text)
        spans = sorted({(at, at + len(word)) for at, word in words if any(term.matches(word, key) for term in terms)})
        if not spans:  # FTS and our word split disagree (rare punctuation cases): show the sentence
            spans = [(0, 0)]
        first_start, first_end = spans[0]
        text = sentence.text
        hits.append(
            SearchHit(
                document=sentence.document,
                line=sentence.line,
                speaker=sentence.speaker,
                start=sentence.start + first_start,
                end=sentence.start + first_end,
                left=_squash(_whole_words_left(text, first_start)),
                match=text[first_start:first_end],
                right=_squash(_whole_words_right(text, first_end)),
                rank=sentence.rank,
            )
        )
    return hits


def _whole_words_left(text: str, end: int) -> str:
    """Up to CONTEXT_CHARS before end, not starting in the middle of a word; … where cut."""
    start = max(0, end - CONTEXT_CHARS)
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, end)
        start = space + 1 if space >= 0 else start
    return ("… " if start > 0 else "") + text[start:end]


def _whole_words_right(text: str, start: int) -> str:
    end = min(len(text), start + CONTEXT_CHARS)
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return text[start:end] + (" …" if end < len(text) else "")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)
