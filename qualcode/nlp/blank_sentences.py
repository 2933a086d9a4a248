"""The blank pipeline's sentences and lemma keys, worked out once per distinct piece of text.

What `nlp.pipe` makes of a line with the blank pipeline (tokenizer, sentencizer, simplemma lemmas) depends
only on its pieces (the runs between single spaces): spaCy's tokenizer cuts each piece on its own, and its
special-case matcher joins tokens across pieces only where two of them are a pair in one of its patterns.
So each distinct piece is cut once and kept as its tokens' lengths, what the sentencizer sees in them and
their lemma keys; a line is then its pieces looked up and the sentencizer's rule run over them. A piece is
cut by the tokenizer's own rules (chunk_tokenizer.py), or by the tokenizer itself where a special case is
involved; a line with other white space, or with two pieces a special case could join, goes through the
pipeline's Docs as before. A Doc per line and a Token per word were most of an import's time; the
sentences and keys are the same (tests compare the two).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import accumulate, chain, compress
from typing import Any

from spacy.attrs import IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, SPACY

from .chunk_tokenizer import ChunkTokenizer

PUNCT, STOP, SPACE = 1, 2, 4  # IS_PUNCT; one of the sentencizer's punctuation marks; IS_SPACE
_NOT_AFTER_STOP = PUNCT | STOP  # a token with neither begins a new sentence after a stop
_KEPT_PIECES = 1_000_000  # a corpus with more distinct pieces starts its table again (bounded memory)

SentenceSpans = list[tuple[int, int, str]]  # a chunk's sentences: start, end, the keys of its words (" " between)


# What a piece adds to a line, as a tuple (a line looks up and unzips its pieces in one go): its words'
# keys (" " between), its length with the space after it, whether one of its tokens is a stop, the text of
# its last and first token when a special case's pattern could join them to a neighbour's, and its inner
# parts: its keys, where sentences begin inside it without and after a stop (_sentence_starts).
Piece = tuple[str, int, bool, "str | None", "str | None", tuple[Any, ...]]


def _piece(tokens: list[tuple[int, int, str | None]], first: str | None, last: str | None) -> Piece:
    keys = tuple(key for _, _, key in tokens if key is not None)
    inner = (keys, _sentence_starts(tokens, seen_stop=False), _sentence_starts(tokens, seen_stop=True))
    return (" ".join(keys), sum(length for length, _, _ in tokens) + 1, any(flags & STOP for _, flags, _ in tokens),
            last, first, inner)


def _sentence_starts(tokens: list[tuple[int, int, str | None]], *, seen_stop: bool
                     ) -> tuple[tuple[tuple[int, int], ...], bool]:
    """spaCy's sentencizer over a piece's tokens: a sentence ends at one of its punctuation marks, and the
    next begins at the first token after it that is neither punctuation nor such a mark. Where sentences
    begin in the piece (offset, number of keys before it), and whether a stop is still open at its end."""
    starts = []
    offset = keys = 0
    for length, flags, key in tokens:
        if seen_stop and not flags & _NOT_AFTER_STOP:
            starts.append((offset, keys))
            seen_stop = False
        elif flags & STOP:
            seen_stop = True
        keys += key is not None
        offset += length
    return tuple(starts), seen_stop


class BlankSentences:
    def __init__(self, nlp: Any, key_of_lower: Callable[[str], str]) -> None:
        self._tokenizer = nlp.tokenizer
        self._rules = ChunkTokenizer(nlp.tokenizer)
        getters = nlp.vocab.lex_attr_getters  # what a new lexeme's attributes are made from
        self._is_punct, self._is_space, self._lower = getters[IS_PUNCT], getters[IS_SPACE], getters[LOWER]
        self._strings = nlp.vocab.strings
        self._stops = frozenset(nlp.get_pipe("sentencizer").punct_chars)
        self._key_of_lower = key_of_lower  # lower-cased word -> its search key, as the lemmatizer makes it
        self._token_info: dict[str, tuple[int, str | None]] = {}  # token text -> flags, key
        patterns = special_case_patterns(nlp.tokenizer)
        self._joined = {(p[i], p[i + 1]) for p in patterns for i in range(len(p) - 1)}
        self._joins_right = {first for first, _ in self._joined}
        self._joins_left = {second for _, second in self._joined}
        self._pieces: dict[str, Piece] = {}
        self._one_token: dict[int, tuple[Any, Any]] = {}  # a one-token piece's flags -> where sentences begin in it
        self._lock = threading.Lock()  # one line at a time: a table that starts again must not be read meanwhile

    def spans(self, chunks: list[str], through_docs: Callable[[list[str]], list[SentenceSpans]]) -> list[SentenceSpans]:
        """Each chunk's sentences; through_docs gives those of chunks the pipeline must see whole."""
        with self._lock:
            return self._spans(chunks, through_docs)

    def _spans(self, chunks: list[str], through_docs: Callable[[list[str]], list[SentenceSpans]]
               ) -> list[SentenceSpans]:
        if len(self._pieces) > _KEPT_PIECES:
            self._pieces.clear()
            self._token_info.clear()
            self._rules = ChunkTokenizer(self._tokenizer)  # and its table of inner parts
        split = [parts if _single_spaced(chunk, parts) else None for chunk, parts in
                 ((chunk, chunk.split(" ")) for chunk in chunks)]
        new = set(chain.from_iterable(parts for parts in split if parts)).difference(self._pieces)
        if new:
            self._learn(sorted(new))
        found: list[SentenceSpans | None] = [None if parts is None else self._sentences(parts) for parts in split]
        hard = [index for index, spans in enumerate(found) if spans is None]
        for index, spans in zip(hard, through_docs([chunks[i] for i in hard]) if hard else [], strict=True):
            found[index] = spans
        return found  # type: ignore[return-value]  # every None was filled

    def _sentences(self, parts: list[str]) -> SentenceSpans | None:
        """A line's sentences from its pieces: only the pieces with a stop, and those after one until a
        sentence begins, are looked into; the others are taken whole."""
        texts, spans, has_stop, lasts, firsts, inner = zip(*map(self._pieces.__getitem__, parts), strict=True)
        for index in compress(range(len(parts) - 1), lasts):
            if firsts[index + 1] is not None and (lasts[index], firsts[index + 1]) in self._joined:
                return None  # a special case could join the two: only the tokenizer can say
        offsets = list(accumulate(spans, initial=0))  # where each piece begins
        stops = list(compress(range(len(parts)), has_stop))
        if not stops:
            return [(0, offsets[-1] - 1, " ".join(filter(None, texts)))]
        begins: list[tuple[int, int, int]] = []  # where sentences begin: piece, offset and keys before in it
        seen_stop = False
        index = 0
        for stop in [*stops, len(parts)]:
            while seen_stop and index < stop:  # a sentence begins at the first word after a stop
                found, seen_stop = inner[index][2]
                begins += [(index, offset, keys) for offset, keys in found]
                index += 1
            if stop < len(parts):
                found, seen_stop = inner[stop][2 if seen_stop else 1]
                begins += [(stop, offset, keys) for offset, keys in found]
                index = stop + 1
        sentences: SentenceSpans = []
        start = (0, 0, 0)
        for begin in [*begins, (len(parts), 0, 0)]:
            # a sentence that ends where a piece begins ends before the space in front of it
            end = offsets[begin[0]] + begin[1] - (0 if begin[1] else 1)
            sentences.append((offsets[start[0]] + start[1], end, _keys_between(texts, inner, start, begin)))
            start = begin
        return sentences

    def _learn(self, new: list[str]) -> None:
        """Cut new pieces by the tokenizer's rules; those a special case is involved in by the tokenizer."""
        hard = []
        for piece in new:
            tokens = self._rules.tokens(piece)
            if tokens is None:
                hard.append(piece)
            else:
                self._keep(piece, [(token, self._info(token)) for token in tokens])
        if hard:
            self._learn_from_tokenizer(hard)

    def _info(self, token: str) -> tuple[int, str | None]:
        """A token's flags and key, from the getters spaCy makes a new lexeme's attributes with."""
        found = self._token_info.get(token)
        if found is None:
            flags = (PUNCT if self._is_punct(token) else 0) | (SPACE if self._is_space(token) else 0)
            flags |= STOP if token in self._stops else 0
            key = None if flags & (PUNCT | SPACE) else self._key_of_lower(self._lower(token))
            found = self._token_info[token] = (flags, key)
        return found

    def _learn_from_tokenizer(self, new: list[str]) -> None:
        """New pieces (no white space in them) cut in one Doc, a line break between two: a break is a token
        of its own that no special case holds, so each piece is cut as it would be alone."""
        joined = "\n".join(new)
        rows = self._tokenizer(joined).to_array([ORTH, LOWER, IS_PUNCT, IS_SPACE, LENGTH, SPACY]).tolist()
        found: list[list[tuple[int, int, int, int]]] = [[]]
        piece_end = len(new[0])
        position = 0
        for orth, lower, punct, space, length, spacy in rows:
            if position == piece_end and length == 1 and len(found) < len(new):  # the break before the next
                piece_end = position + 1 + len(new[len(found)])
                found.append([])
            elif position + length <= piece_end:
                found[-1].append((orth, lower, punct, space))
            else:
                break
            position += length + spacy
        if position != len(joined) or len(found) != len(new) or not all(found):  # never expected
            found = [[(t.orth, t.lower, t.is_punct, t.is_space) for t in self._tokenizer(piece)] for piece in new]
        strings = self._strings
        for piece, rows_of_piece in zip(new, found, strict=True):
            tokens = []
            for orth, lower, punct, space in rows_of_piece:
                text = strings[orth]
                flags = (PUNCT if punct else 0) | (SPACE if space else 0) | (STOP if text in self._stops else 0)
                tokens.append((text, (flags, None if flags & (PUNCT | SPACE) else self._key_of_lower(strings[lower]))))
            unmatched = tokens_before_matching(self._tokenizer, piece)
            self._keep(piece, tokens, (unmatched[0], unmatched[-1]))

    def _keep(self, piece: str, tokens: list[tuple[str, tuple[int, str | None]]],
              edges: tuple[str, str] | None = None) -> None:
        """edges: the first and last token the special-case matcher sees, when they are not the piece's own."""
        first, last = edges or (tokens[0][0], tokens[-1][0])
        first_joins = first if first in self._joins_left else None
        last_joins = last if last in self._joins_right else None
        if len(tokens) == 1:  # most pieces: one word
            text, (flags, key) = tokens[0]
            starts = self._one_token.get(flags)
            if starts is None:
                alone = [(1, flags, key)]
                starts = self._one_token[flags] = (_sentence_starts(alone, seen_stop=False),
                                                   _sentence_starts(alone, seen_stop=True))
            self._pieces[piece] = (key or "", len(text) + 1, bool(flags & STOP), last_joins, first_joins,
                                   ((key,) if key else (), *starts))
        else:
            self._pieces[piece] = _piece([(len(text), flags, key) for text, (flags, key) in tokens], first_joins,
                                         last_joins)


def _keys_between(texts: tuple[str, ...], inner: tuple[tuple[Any, ...], ...], start: tuple[int, int, int],
                  end: tuple[int, int, int]) -> str:
    """The keys from one place (piece, offset, keys before in it) to another, " " between."""
    first, _, skipped = start
    last, _, taken = end
    if first == last:
        return " ".join(inner[first][0][skipped:taken])
    words = [" ".join(inner[first][0][skipped:]) if skipped else texts[first], *texts[first + 1:last]]
    if taken:
        words.append(" ".join(inner[last][0][:taken]))
    return " ".join(filter(None, words))


def _single_spaced(chunk: str, parts: list[str]) -> bool:
    """Words apart by single spaces, and no other white space: the pieces the tokenizer cuts one by one."""
    if chunk.isprintable():  # no white space but " " (every other kind is unprintable)
        return "  " not in chunk and chunk[:1] != " " and chunk[-1:] != " "
    return parts == chunk.split()


def tokens_before_matching(tokenizer: Any, piece: str) -> list[str]:
    """A piece (no white space in it) cut as spaCy's tokenizer cuts it before its special-case matcher runs
    over the Doc (Tokenizer._split_affixes and _attach_tokens, special cases included): what the matcher
    sees at its edges, where a pattern may join it to its neighbour."""
    rules = tokenizer.rules
    prefixes: list[str] = []
    suffixes: list[str] = []
    string, last_size = piece, 0
    while string and len(string) != last_size:
        if (tokenizer.token_match and tokenizer.token_match(string)) or string in rules:
            break
        last_size = len(string)
        pre_len = tokenizer.find_prefix(string)
        if pre_len and string[pre_len:] and string[pre_len:] in rules:
            prefixes.append(string[:pre_len])
            string = string[pre_len:]
            break
        suf_len = tokenizer.find_suffix(string[pre_len:])
        if suf_len and string[:-suf_len] and string[:-suf_len] in rules:
            suffixes.append(string[-suf_len:])
            string = string[:-suf_len]
            break
        if pre_len and suf_len and pre_len + suf_len <= len(string):
            prefixes.append(string[:pre_len])
            suffixes.append(string[-suf_len:])
            string = string[pre_len:-suf_len]
        elif pre_len:
            prefixes.append(string[:pre_len])
            string = string[pre_len:]
        elif suf_len:
            suffixes.append(string[-suf_len:])
            string = string[:-suf_len]
    middle: list[str] = []
    if string in rules:
        middle = [substring[ORTH] for substring in rules[string]]
    elif string and not ((tokenizer.token_match and tokenizer.token_match(string))
                         or (tokenizer.url_match and tokenizer.url_match(string))):
        start = 0
        for match in tokenizer.find_infix(string) or ():
            if match.start() == 0:  # spaCy skips an infix at the very start
                continue
            middle += [part for part in (string[start:match.start()], string[match.start():match.end()]) if part]
            start = match.end()
        middle += [string[start:]] if string[start:] else []
    elif string:
        middle = [string]
    return [*prefixes, *middle, *reversed(suffixes)]


def special_case_patterns(tokenizer: Any) -> list[list[str]]:
    """The token sequences the tokenizer's special-case matcher looks for across a Doc: each special case as
    the rules alone cut it (spaCy's add_special_case enters them so, and only those the heuristics keep)."""
    plain = type(tokenizer)(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                            suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                            token_match=tokenizer.token_match, url_match=tokenizer.url_match,
                            faster_heuristics=tokenizer.faster_heuristics)
    return [[token.text for token in plain(string)] for string in tokenizer.rules
            if not tokenizer.faster_heuristics or tokenizer.find_prefix(string) or tokenizer.find_infix(string)
            or tokenizer.find_suffix(string) or " " in string]
