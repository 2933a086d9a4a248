"""What may identify someone in a project's transcripts: proposed terms, each with a bracketed replacement.

Sources, strongest first: the speakers' real names (a Teams display name) and names in the participants'
attributes (a `navn` column), names in the user's own list, e-mail addresses, Norwegian national identity
numbers (11 digits whose two check digits fit), phone numbers (8 digits, +47), dates of birth (a date after
født, fødd, born ...), and capitalised words that are not words of the project language (simplemma's
dictionary) and are never written in lower case in the corpus. A name's parts (Kari, Hansen) get the
whole name's replacement, so the text reads consistently.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..ingest.turns import is_generic_participant, is_interviewer
from .matching import Matcher, Replacement

NAME_COLUMNS = {"navn", "name", "namn", "fullt navn", "full name", "fornavn", "etternavn", "first name",
                "last name", "real name", "ekte navn", "deltaker", "informant"}

# kind -> the word in the replacement, per project language
_LABELS = {
    "nb": {"person": "person", "municipality": "kommune", "place": "sted", "email": "e-post", "phone": "telefon",
           "national id": "fødselsnummer", "birth date": "fødselsdato", "hospital": "sykehus"},
    "nn": {"person": "person", "municipality": "kommune", "place": "stad", "email": "e-post", "phone": "telefon",
           "national id": "fødselsnummer", "birth date": "fødselsdato", "hospital": "sjukehus"},
    "da": {"person": "person", "municipality": "kommune", "place": "sted", "email": "e-mail", "phone": "telefon",
           "national id": "personnummer", "birth date": "fødselsdato", "hospital": "sygehus"},
    "sv": {"person": "person", "municipality": "kommun", "place": "plats", "email": "e-post", "phone": "telefon",
           "national id": "personnummer", "birth date": "födelsedatum", "hospital": "sjukhus"},
    "en": {"person": "person", "municipality": "municipality", "place": "place", "email": "email",
           "phone": "phone", "national id": "national id", "birth date": "date of birth", "hospital": "hospital"},
    "de": {"person": "Person", "municipality": "Gemeinde", "place": "Ort", "email": "E-Mail", "phone": "Telefon",
           "national id": "Personenkennziffer", "birth date": "Geburtsdatum", "hospital": "Klinik"},
}
_MUNICIPALITY_WORDS = {"kommune", "kommunes", "kommunen", "kommun", "kommunens", "municipality", "gemeinde"}
_PLACE_BEFORE = {"i", "på", "fra", "frå", "til", "ved", "mot", "over", "in", "at", "from", "near", "nach", "aus"}
_SERVICES = {"dps": "DPS", "hf": "helseforetak", "sykehus": "sykehus", "sjukehus": "sjukehus",
             "legevakt": "legevakt", "sykehjem": "sykehjem", "legesenter": "legesenter"}
_BIRTH = r"(?:født|fødd|føds?elsdato|f\.|born|date of birth|född|geboren)"
_MONTHS = (r"(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|"
           r"january|february|march|may|june|july|october|december)")
_DATE = (rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})|\d{{1,2}}\.?\s+{_MONTHS}\s+\d{{4}}"
         rf"|\d{{4}}-\d{{2}}-\d{{2}})")

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NATIONAL_ID = re.compile(r"(?<![\d\w])(\d{6})\s?(\d{5})(?![\d\w])")
PHONE = re.compile(r"(?<![\d\w+])(?:(?:\+|00)47[\s-]?)?(?:\d{3}[\s-]?\d{2}[\s-]?\d{3}|\d{2}(?:[\s-]?\d{2}){3})"
                   r"(?![\d\w])")
BIRTH_DATE = re.compile(rf"{_BIRTH}\s+(?:(?:den|i|on|am)\s+)?(?P<date>{_DATE})", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@dataclass(frozen=True)
class Proposal:
    term: str
    count: int  # whole-word hits in the transcripts
    documents: tuple[str, ...]
    replacement: str
    kind: str  # speaker, participant, list, email, national id, phone, birth date, municipality, place, person ...


@dataclass(frozen=True)
class Hit:
    """One place a term occurs, with the words around it."""

    document: str
    start: int
    end: int
    before: str
    match: str
    after: str


def national_id_valid(digits: str) -> bool:
    """Norwegian fødselsnummer: two mod-11 check digits, and a plausible day and month (D- and H-numbers too)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    k1 = 11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d[:9], strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), [*d[:9], k1], strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    if k1 == 10 or k2 == 10 or (k1, k2) != (d[9], d[10]):
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    day = day - 40 if day > 40 else day  # D-number
    month = month - 40 if month > 40 else month  # H-number
    return 1 <= day <= 31 and 1 <= month <= 12


class _Found:
    """Terms as they are found: the first finder of a term decides its kind and replacement."""

    def __init__(self) -> None:
        self.kinds: dict[str, tuple[str, str]] = {}  # casefolded term -> (term as written, kind)
        self.fixed: dict[str, str] = {}  # casefolded term -> a replacement chosen by its source ([K1])
        self.groups: dict[str, str] = {}  # a name's part -> the whole name, whose replacement it shares

    def add(self, term: str, kind: str, replacement: str | None = None, part_of: str | None = None) -> None:
        term = " ".join(term.split())
        key = term.casefold()
        if len(term) < 2 or key in self.kinds:
            return
        self.kinds[key] = (term, kind)
        if replacement:
            self.fixed[key] = replacement
        if part_of:
            self.groups[key] = part_of.casefold()


def propose(texts: Sequence[tuple[str, str]], speakers: Iterable[tuple[str, str | None]],
            attributes: Iterable[tuple[str, str, str]], language: str, names: Sequence[str] = ()) -> list[Proposal]:
    """texts: (document label, text); speakers: (speaker label, participant label);
    attributes: (participant label, attribute name, value)."""
    found = _Found()
    for speaker, participant in speakers:
        if _looks_like_name(speaker):
            fixed = f"[{participant}]" if participant and participant.casefold() != speaker.casefold() else None
            _add_name(found, speaker, "speaker", fixed)
    for participant, name, value in attributes:
        value = value.strip()
        if name.strip().casefold() in NAME_COLUMNS and value and value.casefold() != participant.casefold():
            _add_name(found, value, "participant", f"[{participant}]")
    for name in names:
        _add_name(found, name, "list", None)
    for _, text in texts:
        for match in EMAIL.finditer(text):
            found.add(match.group(0), "email")
        for match in NATIONAL_ID.finditer(text):
            if national_id_valid(match.group(1) + match.group(2)):
                found.add(match.group(0), "national id")
        for match in BIRTH_DATE.finditer(text):
            found.add(match.group("date"), "birth date")
        for match in PHONE.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if not NATIONAL_ID.fullmatch(match.group(0)) and len(digits) in (8, 10, 12):
                found.add(match.group(0), "phone")
    for term, kind in _capitalised(texts, language):
        found.add(term, kind)
    return _proposals(found, texts, language)


def _looks_like_name(label: str) -> bool:
    words = label.split()
    if not 1 <= len(words) <= 4 or is_interviewer(label) or is_generic_participant(label):
        return False
    return all(_WORD.fullmatch(w) and w[0].isupper() and not w.isupper() for w in words)


def _add_name(found: _Found, name: str, kind: str, replacement: str | None) -> None:
    name = " ".join(name.split())
    found.add(name, kind, replacement)
    parts = name.split()
    if len(parts) > 1:
        for part in parts:
            if len(part) >= 2 and part[0].isupper():
                found.add(part, kind, replacement, part_of=name)


def _capitalised(texts: Sequence[tuple[str, str]], language: str) -> list[tuple[str, str]]:
    """Capitalised words (and runs of them) that are not words of the language, with a kind from their
    neighbours: "X kommune" a municipality, "i X" a place, "X DPS" a service, else a person."""
    from ..nlp.lemma_dictionary import is_known

    lower_case: set[str] = set()
    runs: dict[str, Counter[str]] = defaultdict(Counter)
    inside: set[str] = set()  # runs seen inside a sentence, not only at its start (Fokusgruppe, Epikrisen)
    for _, text in texts:
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
        lower_case.update(w for w, _, _ in words if w.islower())
        run: list[int] = []
        for index, (word, _, _) in enumerate([*words, ("", 0, 0)]):
            unknown = (word and word[0].isupper() and not word.isupper() and len(word) > 1
                       and not re.split(r"[-']", word)[0].isupper()  # DPS-et, FACT-teamet: an abbreviation inflected
                       and not is_known(word, language)
                       and not is_known(word.lower(), language))
            if unknown and (not run or text[words[run[-1]][2]:words[index][1]] == " "):
                run.append(index)
                continue
            if run:
                term = " ".join(words[i][0] for i in run)
                before = words[run[0] - 1][0].casefold() if run[0] > 0 else ""
                after = words[run[-1] + 1][0].casefold() if run[-1] + 1 < len(words) else ""
                runs[term][_kind_from(before, after)] += 1
                if not _starts_sentence(text, words[run[0]][1]):
                    inside.add(term)
            run = [index] if unknown else []
    found = []
    for term, kinds in runs.items():
        if term not in inside or term.casefold() in lower_case or any(p.casefold() in lower_case for p in term.split()):
            continue
        # one telling context is enough: "Fjordvik kommune" once says what Fjordvik is everywhere
        ranked = sorted(kinds, key=lambda k: (_KIND_RANK.index(k.split(":")[0]), -kinds[k]))
        found.append((term, ranked[0]))
    return found


_KIND_RANK = ["municipality", "service", "place", "person"]


def _starts_sentence(text: str, position: int) -> bool:
    before = text[max(0, position - 3):position].rstrip(" \t")
    return not before or before[-1] in ".!?:\n«\"-–"


def _kind_from(before: str, after: str) -> str:
    if after in _MUNICIPALITY_WORDS:
        return "municipality"
    if after in _SERVICES or before in _SERVICES:
        return f"service:{_SERVICES.get(after) or _SERVICES[before]}"
    if before in _PLACE_BEFORE:
        return "place"
    return "person"


def _proposals(found: _Found, texts: Sequence[tuple[str, str]], language: str) -> list[Proposal]:
    labels = _LABELS.get(language, _LABELS["nb"])
    pairs = [Replacement(term, term) for term, _ in found.kinds.values()]
    counts: Counter[str] = Counter()
    documents: dict[str, set[str]] = defaultdict(set)
    matcher = Matcher(pairs)
    for label, text in texts:
        for _, _, _, pair in matcher.find(text):
            counts[pair.term.casefold()] += 1
            documents[pair.term.casefold()].add(label)
    chosen: dict[str, str] = dict(found.fixed)
    letters: Counter[str] = Counter()
    by_count = sorted(found.kinds, key=lambda k: (k in found.groups, -counts[k], k))
    for key in by_count:
        if key in chosen:
            continue
        whole = found.groups.get(key)
        if whole and whole in chosen:
            chosen[key] = chosen[whole]
            continue
        kind = found.kinds[key][1]
        word = kind.split(":", 1)[1] if kind.startswith("service:") else labels.get(
            "person" if kind in ("speaker", "participant", "list") else kind, kind)
        chosen[key] = f"[{word} {_letter(letters[word])}]"
        letters[word] += 1
    order = ["speaker", "participant", "list", "email", "national id", "phone", "birth date"]
    proposals = [Proposal(term, counts[key], tuple(sorted(documents[key])), chosen[key], kind)
                 for key, (term, kind) in found.kinds.items()]
    return sorted(proposals, key=lambda p: (order.index(p.kind) if p.kind in order else len(order), -p.count,
                                            p.term.casefold()))


def _letter(number: int) -> str:
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def hits_in(texts: Sequence[tuple[str, str]], term: str, *, width: int = 40, limit: int = 200) -> list[Hit]:
    """Where a term occurs (as apply would replace it), with the words around each hit."""
    matcher = Matcher([Replacement(term, term)])
    found = []
    for label, text in texts:
        for start, end, _, _ in matcher.find(text):
            before = text[max(0, start - width):start].replace("\n", " ")
            after = text[end:end + width].replace("\n", " ")
            found.append(Hit(label, start, end, before, text[start:end], after))
            if len(found) >= limit:
                return found
    return found
