"""project.pseudonyms: propose a list, apply it everywhere in the project file, write the key outside it.

Applying cannot be undone: the change is a barrier in the log (undo never goes back past it), keeps no row
images, and purges the images of earlier changes that held a term (they could only be used by an undo
that can no longer happen). Every text column of every table is rewritten (documents with their units,
turns, sentences and search index following), the index is merged so that what it held is gone from its
pages, and the file is rewritten with secure delete and VACUUM, its WAL emptied.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QualcodeError
from ..private_files import write_private
from ..revision.align import OffsetMap, from_replacements
from ..revision.sentences import resentence
from ..stc.context import Context
from ..store import participants as participant_store
from ..store import revision as store
from ..store.changes import audited
from ..wording import plural
from .detect import Hit, Proposal, hits_in, propose
from .matching import Matcher, Replacement

if TYPE_CHECKING:
    from ..project import Project

PROPOSAL_COLUMNS = ("term", "count", "documents", "replacement", "kind")


@dataclass(frozen=True)
class Applied:
    terms: int
    replaced: int  # hits in the transcripts
    documents: tuple[str, ...]  # the documents whose text changed
    other_places: int  # other texts rewritten: memos, condensates, attributes, labels ...
    images_purged: int
    summaries_rewritten: int
    key: str
    file_rewritten: bool  # False when another window kept the WAL: run qualcode pseudonymise P --vacuum
    kept_in_coder_names: tuple[str, ...] = ()  # terms found only where the log names who did the work
    left: tuple[str, ...] = ()  # tables that still hold a term as a whole word (should be empty)


class Pseudonyms:
    def __init__(self, context: Context, project: Project) -> None:
        self._context = context
        self._project = project

    @property
    def _conn(self):
        return self._context.conn

    def _texts(self) -> list[tuple[str, str]]:
        return [(label, text) for _, label, text in store.documents_text(self._conn)]

    # propose
    def propose(self, *, names: Sequence[str] = ()) -> list[Proposal]:
        conn = self._conn
        speakers = [(speaker, participant) for speaker, _, _, participant in participant_store.speakers(conn)]
        attributes = [(p.label, name, value) for p in participant_store.all_participants(conn)
                      for name, value in p.attributes.items()]
        return propose(self._texts(), speakers, attributes, self._context.language, names)

    def hits(self, term: str, *, limit: int = 200) -> list[Hit]:
        return hits_in(self._texts(), term, limit=limit)

    @staticmethod
    def read_names(path: Path | str) -> list[str]:
        """A user's own list: one name per line (# starts a comment)."""
        from ..ingest.encoding import read_text_file

        lines = read_text_file(Path(path)).splitlines()
        return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]

    @staticmethod
    def write_proposals(proposals: Sequence[Proposal], path: Path | str) -> Path:
        """The list as CSV (term, count, documents, replacement, kind), private (0600): it holds the names."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(PROPOSAL_COLUMNS)
        for p in proposals:
            writer.writerow([p.term, p.count, "; ".join(p.documents), p.replacement, p.kind])
        content = buffer.getvalue()
        def write(temporary: Path) -> None:
            temporary.write_text(content, encoding="utf-8")

        return write_private(Path(path), write)

    @staticmethod
    def read_list(path: Path | str) -> list[Replacement]:
        """term -> replacement rows of a reviewed list; a row with an empty replacement is rejected (left out)."""
        from ..ingest.encoding import read_text_file
        from ..ingest.tables import csv_rows

        path = Path(path)
        table = csv_rows(read_text_file(path), name=path.name)
        header = [h.strip().casefold() for h in (table[0] if table else [])]
        if "term" not in header or "replacement" not in header:
            raise QualcodeError(f"{path.name}: the first row must name the columns term and replacement")
        term_at, replacement_at = header.index("term"), header.index("replacement")
        pairs = []
        for line, row in enumerate(table[1:], start=2):
            if len(row) <= max(term_at, replacement_at):
                if any(cell.strip() for cell in row):
                    raise QualcodeError(f"{path.name}: line {line} has {len(row)} fields, the header has {len(header)}")
                continue
            term, replacement = row[term_at].strip(), row[replacement_at].strip()
            if term and replacement:
                pairs.append(Replacement(term, replacement))
        return check_list(pairs, path.name)

    # apply
    def apply(self, pairs: Sequence[Replacement], *, key: Path | str) -> Applied:
        pairs = check_list(list(pairs), "the list")
        key_path = self._check_key_path(Path(key))
        conn = self._conn
        matcher = Matcher(pairs)
        plans = {document_id: (label, text, matcher.find(text))
                 for document_id, label, text in store.documents_text(conn)}
        plans = {document_id: plan for document_id, plan in plans.items() if plan[2]}
        counts: Counter[str] = Counter()
        places: dict[str, set[str]] = defaultdict(set)
        for label, _, hits in plans.values():
            for *_, pair in hits:
                counts[pair.term] += 1
                places[pair.term].add(label)
        _write_key(key_path, pairs, counts, places)
        try:
            applied = self._apply(matcher, pairs, plans, counts, key_path)
        except BaseException:
            key_path.unlink(missing_ok=True)  # nothing was replaced: a key to nothing would only mislead
            raise
        return applied

    def purge_free_space(self) -> bool:
        """Rewrite the file (VACUUM, secure delete) and empty its WAL; False if another window kept it."""
        return store.purge_free_space(self._conn)

    def _check_key_path(self, key: Path) -> Path:
        key = key.expanduser().absolute()
        folder = self._project.path.resolve().parent
        resolved = key.parent.resolve() / key.name
        if resolved == folder or folder in resolved.parents:
            raise QualcodeError(f"the key must be kept apart from the project: {key} is inside the project's folder "
                                f"{folder}; choose a place outside it")
        if key.exists():
            raise QualcodeError(f"{key} exists already; a key is never overwritten (choose a new name)")
        if not key.parent.is_dir():
            raise QualcodeError(f"folder {key.parent} does not exist")
        return key

    def _apply(self, matcher: Matcher, pairs: Sequence[Replacement], plans: dict, counts: Counter[str],
               key: Path) -> Applied:
        conn = self._conn
        language, trained = self._context.language, self._project.trained_pipeline
        other_places = 0
        summary = (f"pseudonymise {plural(len(pairs), 'term')} in {plural(len(plans), 'document')}"
                   " (cannot be undone; the key is kept outside the project)")
        store.secure_delete(conn)
        with audited(conn, self._context.coder, "pseudonymise", summary, undoable=False):
            store.begin_redaction(conn)
            for document_id, (_, text, hits) in plans.items():
                self._rewrite_document(document_id, text, hits, language, trained)
            for table, columns in store.text_columns(conn).items():
                for rowid, values in list(store.table_texts(conn, table, columns)):
                    new = [matcher.substitute(v) if isinstance(v, str) else v for v in values]
                    if new != values:
                        store.update_texts(conn, table, columns, rowid, new)
                        other_places += 1
            store.merge_search_index(conn)
            purged, rewritten = store.redact_log(conn, matcher.holds, matcher.substitute_anywhere)
            store.end_redaction(conn)
            pattern = matcher.whole_word_pattern()
            left = tuple(sorted(store.words_pattern_hits(conn, pattern))) if pattern else ()
        coders = set(store.coder_texts(conn))
        kept = tuple(sorted(p.term for p in pairs if any(matcher.holds(name) and p.term.casefold() in name.casefold()
                                                         for name in coders)))
        rewritten_file = store.purge_free_space(conn)
        labels = tuple(sorted(label for label, _, _ in plans.values()))
        return Applied(len(pairs), sum(counts.values()), labels, other_places, purged, rewritten, str(key),
                       rewritten_file, kept, left)

    def _rewrite_document(self, document_id: int, text: str, hits: list, language: str, trained: str | None) -> None:
        conn = self._conn
        new_text, blocks = from_replacements(text, [(start, end, replacement) for start, end, replacement, _ in hits])
        mapping = OffsetMap(text, new_text, blocks)
        turns = store.turn_rows(conn, document_id)
        moved_turns = []
        for turn in turns:
            start = mapping.start(turn["start"])
            end = max(start, mapping.end(turn["end"]))
            body = min(max(start, mapping.start(turn["body_start"])), end)
            moved_turns.append((turn["id"], start, body, end))
        label_ends = {start: body for _, start, body, _ in moved_turns}
        old_sentences = store.sentences_of(conn, document_id)
        sentences = resentence(old_sentences, mapping, label_ends, language, trained)
        kept = {s.kept for s in sentences if s.kept is not None}
        dropped = [s for s in old_sentences if s.id not in kept]
        turn_starts = sorted((start, turn_id) for turn_id, start, _, _ in moved_turns)
        moved, added = [], []
        from bisect import bisect_right

        starts = [start for start, _ in turn_starts]
        line, previous = 1, 0
        for sentence in sentences:
            line += new_text.count("\n", previous, sentence.start)
            previous = sentence.start
            if sentence.kept is not None:
                moved.append((sentence.kept, sentence.start, sentence.end, line))
            else:
                at = bisect_right(starts, sentence.start) - 1
                added.append((sentence.start, sentence.end, line, turn_starts[at][1] if at >= 0 else None,
                              sentence.lemmas))
        store.replace_sentences(conn, document_id, text, new_text, dropped, moved, added)
        store.set_document_text(conn, document_id, new_text)
        store.move_turns(conn, moved_turns)
        store.move_spans(conn, "units",
                         [(u.id, *mapping.span(u.start, u.end)) for u in store.units_of(conn, document_id)])
        store.move_spans(conn, "theme_sources",
                         [(s.id, *mapping.span(s.start, s.end)) for s in store.theme_sources_of(conn, document_id)])
        store.move_spans(conn, "memos",
                         [(m.id, *mapping.span(m.start, m.end)) for m in store.memo_passages_of(conn, document_id)])


def check_list(pairs: list[Replacement], name: str) -> list[Replacement]:
    """One replacement per term (case-insensitively), none empty, none that would bring a term back."""
    if not pairs:
        raise QualcodeError(f"{name}: no term has a replacement; nothing to do")
    seen: dict[str, str] = {}
    for pair in pairs:
        key = " ".join(pair.term.split()).casefold()
        if key in seen and seen[key] != pair.replacement:
            raise QualcodeError(f"{name}: {pair.term!r} is listed twice with different replacements")
        seen[key] = pair.replacement
    unique = list({" ".join(p.term.split()).casefold(): p for p in pairs}.values())
    matcher = Matcher(unique)
    for pair in unique:
        found = matcher.find(pair.replacement)
        if found:
            raise QualcodeError(f"{name}: the replacement {pair.replacement!r} holds the term {found[0][3].term!r}")
    return unique


def _write_key(path: Path, pairs: Sequence[Replacement], counts: Counter[str], places: dict[str, set[str]]) -> None:
    """term, replacement, hits, documents: for the owner's eyes only (0600), written whole before anything
    in the project changes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["term", "replacement", "count", "documents"])
    for pair in pairs:
        writer.writerow([pair.term, pair.replacement, counts[pair.term], "; ".join(sorted(places[pair.term]))])
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise QualcodeError(f"cannot create the key {path} ({exc.strerror}); nothing was changed") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise QualcodeError(f"cannot write the key {path} ({exc.strerror}); nothing was changed") from None
