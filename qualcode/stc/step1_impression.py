"""Step 1, total impression: preliminary themes, reading status, memos, word frequencies."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..choices import MEMO_TARGETS, READING_STATES
from ..codebook.model import new_uid
from ..errors import NotFound, QualcodeError
from ..store import documents as document_store
from ..store import method as store
from ..store.changes import audited, now
from ..store.codes import child_named, next_position
from .context import Context

# Spoken fillers are not what a first reading looks for; [ler], [pause] and (...) are the transcriber's.
_NORWEGIAN_FILLERS = frozenset(["eh", "ehm", "hm", "hmm", "mm", "mhm", "øh", "æh", "altså", "liksom", "jo", "sånn"])
FILLERS = {"nb": _NORWEGIAN_FILLERS, "nn": _NORWEGIAN_FILLERS,
           "da": frozenset(["øh", "øhm", "hm", "mm", "altså", "jo"]),
           "sv": frozenset(["eh", "öh", "hm", "mm", "liksom", "typ"]),
           "de": frozenset(["äh", "ähm", "hm", "mm", "halt"]),
           "en": frozenset(["uh", "um", "erm", "er", "hm", "hmm", "mm", "like", "yeah"])}
_TRANSCRIBER_NOTES = re.compile(r"\[[^\]\n]{0,40}\]|\(\.\.\.\)")
# What spaCy's lists lack and an interview is full of: question words, pronouns, conjunctions (spaCy's
# bokmål list was made from news text; Nynorsk has none of its own and borrows bokmål's).
_BOKMÅL_STOP_WORDS = frozenset([
    "hva", "hvem", "hvor", "hvordan", "hvorfor", "hvilken", "hvilke", "hvilket", "hvis", "fordi", "dere", "deres",
    "deg", "din", "dine", "ditt", "min", "mine", "mitt", "våre", "vårt", "dets", "hver", "hvert", "hverandre", "ei",
    "én", "ene", "nei", "vel", "sånt", "ingenting", "hos", "mest"])
_NYNORSK_STOP_WORDS = _BOKMÅL_STOP_WORDS | frozenset([
    "eg", "ho", "dei", "dykk", "dykkar", "kva", "kven", "kvar", "korleis", "kvifor", "ikkje", "noko", "nokon",
    "berre", "òg", "frå", "vere", "vore", "sjølv", "mykje"])
MORE_STOP_WORDS = {"nb": _BOKMÅL_STOP_WORDS, "nn": _NYNORSK_STOP_WORDS}


def left_out(language: str, *, keep_stop_words: bool = False) -> frozenset[str]:
    """The words word frequencies leave out besides spaCy's stop words: the spoken fillers, and (unless the
    stop words are kept) the stop words spaCy's list lacks."""
    fillers = FILLERS.get(language, FILLERS["en"])
    return fillers if keep_stop_words else fillers | MORE_STOP_WORDS.get(language, frozenset())


def without_labels(text: str, labels: Sequence[tuple[int, int]]) -> str:
    """The text with each speaker label (start, end) blanked out, so that "Moderator:" is not a word said."""
    parts, at = [], 0
    for start, end in labels:
        if start >= at:
            parts += [text[at:start], " "]
            at = end
    return "".join([*parts, text[at:]])


@dataclass(frozen=True)
class ThemeSource:
    document: str
    start: int | None
    end: int | None
    text: str | None


@dataclass(frozen=True)
class Theme:
    id: int
    title: str
    note: str
    sources: tuple[ThemeSource, ...]
    created_by: str


@dataclass(frozen=True)
class Memo:
    id: int
    target_kind: str  # one of MEMO_TARGETS; a passage's target_id is its document's
    target_id: int | None
    text: str
    author: str
    created_at: str
    start: int | None = None  # a passage's offsets in its document
    end: int | None = None


class Impression:
    def __init__(self, context: Context) -> None:
        self.context = context

    def themes(self) -> list[Theme]:
        conn = self.context.conn
        return [
            Theme(t.id, t.title, t.note,
                  tuple(ThemeSource(s.document, s.start, s.end, s.text) for s in store.theme_sources(conn, t.id)),
                  t.created_by)
            for t in store.themes(conn)
        ]

    def add_theme(self, title: str, *, note: str = "",
                  sources: Sequence[tuple[str, int | None, int | None]] = ()) -> int:
        """A preliminary theme; sources are (document label, start, end) or (label, None, None)."""
        conn, coder = self.context.conn, self.context.coder
        if not title.strip():
            raise QualcodeError("a theme needs a title")
        resolved = [(document_store.load(conn, label), start, end) for label, start, end in sources]
        for document, start, end in resolved:
            if start is not None and (end is None or not 0 <= start < end <= len(document.text)):
                raise QualcodeError(f"passage {start}-{end} is outside {document.label}")
        with audited(conn, coder, "add theme", f"add theme {title.strip()}") as writer:
            theme_id = writer.insert("themes", {"title": title.strip(), "note": note.strip(),
                                                "position": store.next_theme_position(conn),
                                                "created_at": now(), "created_by": coder})
            for document, start, end in resolved:
                writer.insert("theme_sources", {"theme_id": theme_id, "document_id": document.id,
                                                "start": start, "end": end})
        return theme_id

    def edit_theme(self, theme_id: int, *, title: str | None = None, note: str | None = None) -> None:
        values = {k: v.strip() for k, v in (("title", title), ("note", note)) if v is not None}
        self._theme(theme_id)
        with audited(self.context.conn, self.context.coder, "edit theme", f"edit theme {theme_id}") as writer:
            writer.update("themes", theme_id, values)

    def link_passage(self, theme_id: int, document: str, start: int | None = None, end: int | None = None) -> None:
        """Note what prompted a theme: a document, or a passage of it (start and end offsets)."""
        conn, coder = self.context.conn, self.context.coder
        theme = self._theme(theme_id)
        doc = document_store.load(conn, document)
        if start is not None and (end is None or not 0 <= start < end <= len(doc.text)):
            raise QualcodeError(f"passage {start}-{end} is outside {doc.label}")
        where = f"{doc.label}:{start}-{end}" if start is not None else doc.label
        with audited(conn, coder, "theme source", f"theme {theme.title} from {where}") as writer:
            writer.insert("theme_sources", {"theme_id": theme_id, "document_id": doc.id, "start": start, "end": end})

    def delete_theme(self, theme_id: int) -> None:
        theme = self._theme(theme_id)
        conn = self.context.conn
        with audited(conn, self.context.coder, "delete theme", f"delete theme {theme.title}") as writer:
            for source_id in store.theme_source_ids(conn, theme_id):
                writer.delete("theme_sources", source_id)
            for code_id in store.codes_of_theme(conn, theme_id):
                writer.update("codes", code_id, {"theme_id": None})
            writer.delete("themes", theme_id)

    def _theme(self, theme_id: int) -> Theme:
        for theme in self.themes():
            if theme.id == theme_id:
                return theme
        raise NotFound(f"no theme {theme_id}")

    def themes_from_guide(self, text: str) -> list[int]:
        """Each topic of an interview guide (Markdown or plain outline) becomes a preliminary theme."""
        topics = parse_guide(text)
        if not topics:
            raise QualcodeError("no topics found in the interview guide (use headings or unindented lines)")
        return [self.add_theme(title, note=note) for title, note in topics]

    def theme_to_code_group(self, theme_id: int) -> str:
        """Step 1 -> 2: a theme becomes a code group carrying its title and note."""
        conn = self.context.conn
        theme = self._theme(theme_id)
        name = theme.title.replace("/", "-")
        if child_named(conn, None, name):
            raise QualcodeError(f"a code group named {name!r} already exists")
        summary = f"theme {theme.title} becomes a code group"
        with audited(conn, self.context.coder, "theme to code group", summary) as writer:
            writer.insert("codes", {"uid": new_uid(), "parent_id": None, "name": name, "description": theme.note,
                                    "position": next_position(conn, None), "created_at": now(), "theme_id": theme_id})
        return name

    def reading_status(self) -> dict[str, str]:
        return store.reading_status(self.context.conn, self.context.coder)

    def set_reading_status(self, label: str, status: str) -> None:
        if status not in READING_STATES:
            raise QualcodeError(f"reading status is one of {', '.join(READING_STATES)}")
        conn, coder = self.context.conn, self.context.coder
        document = document_store.load(conn, label)
        existing = store.reading_status_id(conn, document.id, coder)
        with audited(conn, coder, "reading status", f"{label}: {status}") as writer:
            if existing:
                writer.update("reading_status", existing, {"status": status, "updated_at": now()})
            else:
                writer.insert("reading_status", {"document_id": document.id, "coder": coder, "status": status,
                                                 "updated_at": now()})

    def add_memo(self, text: str, *, kind: str = "project", target_id: int | None = None,
                 start: int | None = None, end: int | None = None) -> int:
        """A memo on the project, a document, a passage of one (target_id the document, start and end its
        offsets), a theme, a code or a unit."""
        conn = self.context.conn
        if kind not in MEMO_TARGETS:
            raise QualcodeError(f"a memo is on one of: {', '.join(MEMO_TARGETS)}")
        if not text.strip():
            raise QualcodeError("the memo is empty")
        if kind != "passage" and (start is not None or end is not None):
            raise QualcodeError("only a memo on a passage has a start and an end")
        stored_kind = "document" if kind == "passage" else kind
        if kind != "project" and not store.target_exists(conn, stored_kind, target_id):
            raise NotFound(f"no {stored_kind} {target_id}")
        if kind == "passage":
            length = store.document_length(conn, target_id)
            if start is None or end is None:
                raise QualcodeError("a memo on a passage needs its start and end (DOCUMENT:START-END)")
            if not 0 <= start < end <= length:
                raise QualcodeError(f"passage {start}-{end} is outside the document ({length} characters)")
        on = f"{kind} {target_id}:{start}-{end}" if kind == "passage" else f"{kind} {target_id or ''}".strip()
        with audited(conn, self.context.coder, "memo", f"memo on {on}") as w:
            return w.insert("memos", {"target_kind": stored_kind, "target_id": target_id, "text": text.strip(),
                                      "author": self.context.coder, "created_at": now(), "start": start, "end": end})

    def memos(self, *, kind: str | None = None, target_id: int | None = None) -> list[Memo]:
        """Memos, oldest first; on a document, those on its passages too (kind 'passage': those only)."""
        found = [Memo(m.id, "passage" if m.start is not None else m.target_kind, m.target_id, m.text, m.author,
                      m.created_at, m.start, m.end)
                 for m in store.memos(self.context.conn, "document" if kind == "passage" else kind, target_id)]
        return [m for m in found if m.target_kind == "passage"] if kind == "passage" else found

    def frequencies(self, *, by: str = "document", top: int = 20,
                    keep_stop_words: bool = False) -> dict[str, list[tuple[str, int]]]:
        """Most frequent lemmas per document or per participant group: stop words (unless kept), fillers,
        speaker labels and the transcriber's notes left out.

        The texts stream from the project one at a time, and each distinct chunk of text is tokenized
        once (qualcode.nlp.frequencies): a thousand interviews take seconds, not minutes."""
        conn, language = self.context.conn, self.context.language
        texts: Iterator[tuple[str, str]]
        if by == "document":
            texts = ((d.label, without_labels(d.text, store.speaker_labels(conn, d.id)))
                     for d in store.document_texts(conn))
        elif by == "group":
            groups = store.participant_groups(conn)
            texts = ((groups.get(spoken.participant, spoken.participant), spoken.words)
                     for spoken in store.participant_texts(conn))
        else:
            raise QualcodeError("frequencies are by 'document' or by 'group'")
        from ..nlp.frequencies import LemmaCounter, most_common_lemmas  # spaCy loads only when counting words

        with LemmaCounter(language, left_out(language, keep_stop_words=keep_stop_words),
                          stop_words=not keep_stop_words, words=store.corpus_words(conn)) as counter:
            return most_common_lemmas(counter, ((name, _TRANSCRIBER_NOTES.sub(" ", text)) for name, text in texts),
                                      top, names_come_back=by == "group")


_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_NUMBER = re.compile(r"^\s*(?:\d+[.)]|[IVX]+\.)\s*")
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+(.*\S)")
_DASH = re.compile(r"^[-*•–]\s")


def parse_guide(text: str) -> list[tuple[str, str]]:
    """(topic, questions) pairs: second-level headings if any, else first-level, else unindented lines."""
    lines = text.replace("\r\n", "\n").split("\n")
    headings = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    levels = [level for _, level, _ in headings]
    level = 2 if levels.count(2) >= 2 else (1 if levels.count(1) >= 2 else None)
    if level:
        starts = [(i, title) for i, lvl, title in headings if lvl == level]
    else:
        starts = [(i, line.strip()) for i, line in enumerate(lines)
                  if line.strip() and not line[0].isspace() and not _DASH.match(line)]
    topics = []
    for index, (line_number, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        questions = [_BULLET.sub(r"\1", line).strip() for line in lines[line_number + 1:end]
                     if line.strip() and not _HEADING.match(line)]
        topics.append((_NUMBER.sub("", title).strip(), "\n".join(questions)))
    return [(title, note) for title, note in topics if title]
