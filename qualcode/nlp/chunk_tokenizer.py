"""One chunk of text (no whitespace in it) cut into tokens by a spaCy tokenizer's own rules, without a Doc.

The steps are spaCy's (Tokenizer._split_affixes and _attach_tokens, spaCy 3): prefixes and suffixes
taken off while any rule finds one, then the infixes. What this does not repeat it leaves to the
tokenizer itself (`tokens` returns None): a special case met anywhere, and a token sequence that one of
the special cases matched across tokens could rewrite. Without a Doc no lexeme is made, so counting the
words of a big corpus is not spent filling the vocabulary.
"""

from __future__ import annotations

from typing import Any


class ChunkTokenizer:
    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer
        self._rules: dict[str, Any] = tokenizer.rules
        self._token_match = tokenizer.token_match
        self._url_match = tokenizer.url_match
        self._find_prefix = tokenizer.find_prefix
        self._find_suffix = tokenizer.find_suffix
        self._find_infix = tokenizer.find_infix
        self._middles: dict[str, list[str]] = {}
        self._patterns = self._special_patterns()
        self._pattern_starts = frozenset(self._patterns)  # most pieces hold none: one set test says so

    def tokens(self, chunk: str) -> list[str] | None:
        """The chunk's tokens as the tokenizer makes them, or None where only the tokenizer can say."""
        split = self._split_affixes(chunk, special_cases=True)
        if split is None:
            return None
        prefixes, middle, suffixes = split
        if middle:
            if middle in self._rules:
                return None
            inner = self._middles.get(middle)
            if inner is None:
                inner = self._middles[middle] = self._attach(middle)
            tokens = [*prefixes, *inner, *reversed(suffixes)]
        else:
            tokens = [*prefixes, *reversed(suffixes)]
        if not self._pattern_starts.isdisjoint(tokens) and any(
                tokens[i:i + len(p)] == p for i, t in enumerate(tokens) for p in self._patterns.get(t, ())):
            return None  # a special case spaCy would put back together
        return tokens

    def _split_affixes(self, string: str, *, special_cases: bool) -> tuple[list[str], str, list[str]] | None:
        prefixes: list[str] = []
        suffixes: list[str] = []
        last_size = 0
        while string and len(string) != last_size:
            if self._token_match and self._token_match(string):
                break
            if special_cases and string in self._rules:
                return None
            last_size = len(string)
            pre_len = self._find_prefix(string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and special_cases and minus_pre in self._rules:
                    return None
            suf_len = self._find_suffix(string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and special_cases and minus_suf in self._rules:
                    return None
            if pre_len and suf_len and (pre_len + suf_len) <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return prefixes, string, suffixes

    def _attach(self, string: str) -> list[str]:
        """What is left once no prefix or suffix rule applies: one token, or cut at its infixes."""
        if (self._token_match and self._token_match(string)) or (self._url_match and self._url_match(string)):
            return [string]
        matches = self._find_infix(string)
        if not matches:
            return [string]
        tokens = []
        start = start_before_infixes = 0
        for match in matches:
            infix_start, infix_end = match.start(), match.end()
            if infix_start == start_before_infixes:
                continue
            if infix_start != start:
                tokens.append(string[start:infix_start])
            if infix_start != infix_end:
                tokens.append(string[infix_start:infix_end])
            start = infix_end
        if string[start:]:
            tokens.append(string[start:])
        return tokens

    def _special_patterns(self) -> dict[str, list[list[str]]]:
        """The token sequences the tokenizer's special-case matcher looks for, by their first token (as
        add_special_case enters them: the special case cut by the rules alone)."""
        patterns: dict[str, list[list[str]]] = {}
        faster = getattr(self._tokenizer, "faster_heuristics", False)
        for string in self._rules:
            if faster and not (self._find_prefix(string) or self._find_infix(string) or self._find_suffix(string)
                               or " " in string):
                continue
            found = []
            for piece in string.split(" "):
                split = self._split_affixes(piece, special_cases=False)
                assert split is not None
                prefixes, middle, suffixes = split
                found += [*prefixes, *(self._attach(middle) if middle else []), *reversed(suffixes)]
            if found:
                patterns.setdefault(found[0], []).append(found)
        return patterns
