"""B's rows into a copy of A, in one audited change: the writing half of a merge.

`Combiner.prepare()` decides everything (documents, participants, codes, coders) without writing, so a
coder conflict or a bad review file stops the merge before the output exists; `write()` then inserts
B's rows into A's copy through the audit log (each inserted or changed row's image is logged under one
change that names B as their source) and counts what the merged file holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..codebook.model import join_path
from ..codebook.service import check_hierarchy
from ..errors import QualcodeError
from ..store import merging as store
from ..store.changes import Writer, audited, now
from .alignment import Alignment
from .lineage import CommonBase, state_at
from .matching import Matching, Target, match_codes, side_codes
from .report import DocumentConflict, MergeReport, SpanCheck
from .review import Decisions
from .sides import Side, text_hash


class CoderConflict(QualcodeError):
    """The same coder name coded the same documents in both inputs: who is who is the user's to say."""

    def __init__(self, names: dict[str, list[str]], a: Side, b: Side) -> None:
        self.names = names
        listed = "; ".join(f"{name!r} on {', '.join(sorted(docs)[:4])}" + (" ..." if len(docs) > 4 else "")
                           for name, docs in names.items())
        first = next(iter(names))
        hint = f"b:{first}={b.lineage.coder}" if b.lineage.coder and b.lineage.coder != first else f"b:{first}=NAME"
        super().__init__(
            f"the same coder name coded the same documents in {a.name} and {b.name} ({listed}): say who is who "
            f"with --coders {hint} (or a:{first}=NAME), or --coders {first}=same if they are one person; "
            "nothing was written")


@dataclass(frozen=True)
class CoderMap:
    """--coders: renames per side (a:tester=kari, b:tester=ola) and names that are one person (tester=same)."""

    a: dict[str, str] = field(default_factory=dict)
    b: dict[str, str] = field(default_factory=dict)
    same: frozenset[str] = frozenset()

    def name(self, side: str, coder: str) -> str:
        return (self.a if side == "A" else self.b).get(coder, coder)


def parse_coders(items: tuple[str, ...] | list[str]) -> CoderMap:
    a: dict[str, str] = {}
    b: dict[str, str] = {}
    same: set[str] = set()
    for item in (part.strip() for entry in items for part in entry.split(",")):
        if not item:
            continue
        left, equals, right = item.partition("=")
        left, right = left.strip(), right.strip()
        if not equals or not left or not right:
            raise QualcodeError(f"--coders {item!r}: write SIDE:NAME=NEW (b:tester=ola) or NAME=same")
        side, colon, name = left.partition(":")
        if not colon:
            if right.casefold() != "same":
                raise QualcodeError(f"--coders {item!r}: say whose {left!r} it is (a:{left}={right} or "
                                    f"b:{left}={right}), or {left}=same for one person")
            same.add(left)
        elif side.strip().casefold() in ("a", "b") and name.strip():
            (a if side.strip().casefold() == "a" else b)[name.strip()] = right
        else:
            raise QualcodeError(f"--coders {item!r}: the side is a (the first project) or b (the second)")
    return CoderMap(a, b, frozenset(same))


@dataclass
class _Document:
    """Where one of B's documents goes."""

    b_id: int
    kind: str  # same (A has its text), aligned (onto A's text), apart (kept as its own), new
    a_id: int | None = None
    alignment: Alignment | None = None
    conflict: DocumentConflict | None = None
    merged_id: int | None = None  # apart, new: B's document in the merged project
    copy_id: int | None = None  # aligned: B's version for codings whose text A's version lacks
    label: str = ""  # the label B's document (or copy) gets


class Combiner:
    def __init__(self, a: Side, b: Side, report: MergeReport, *, coder: str, decisions: Decisions,
                 accept_above: float | None, coders: CoderMap, base: CommonBase | None) -> None:
        self.a, self.b, self.report, self.coder = a, b, report, coder
        self.decisions, self.accept_above, self.coders, self.base = decisions, accept_above, coders, base
        self.documents: dict[int, _Document] = {}
        self.placements: dict[tuple[int, int, int], tuple[str, int, int]] = {}  # B span -> (a|copy, start, end)
        self.matching = Matching()
        self.base_state: dict[str, dict[int, dict]] = {}
        self._unit_codes: dict[int, list[str]] | None = None

    # Deciding

    def prepare(self) -> None:
        position = self.base.position if self.base else 0
        if self.base:
            tables = ("codes", "condensates", "condensate_units", "syntheses", "synthesis_quotes")
            self.base_state = state_at(self.a.conn, tables, position)
        self._plan_documents()
        base_codes = {code.uid: code for code in side_codes(list(self.base_state["codes"].values())).values()} \
            if self.base else None
        self.matching = match_codes(
            self.a.codes, self.b.codes, base=base_codes, decisions=self.decisions.codes,
            accept_above=self.accept_above, split_from={**self.a.split_from(position), **self.b.split_from(position)},
            examples_a=self.a.examples(), examples_b=self.b.examples())
        self._lineage_notes(base_codes)
        self._report_codes()
        self._check_coders()

    def _report_codes(self) -> None:
        for proposal in self.matching.proposals:
            if proposal.status in ("accepted", "re-paired"):
                self.report.paired.append(proposal)
                self.report.codes_accepted.append(f"{proposal.b_path} -> {proposal.a_path} "
                                                  f"({proposal.status}, score {proposal.score:.1f})")
            elif proposal.status == "rejected" and self.matching.how[self._b_code(proposal.b_uid)] == "added":
                self.report.rejected.append(proposal)
        self.report.proposals = self.matching.pending()
        met = {target.id for target in self.matching.targets.values() if target.side == "a"}
        base_uids = {row["uid"] for row in self.base_state.get("codes", {}).values()}
        self.report.codes_only_a = [
            code.path + (" (new since the fork)" if self.base else "")
            for code in sorted(self.a.codes.values(), key=lambda c: c.path.casefold())
            if code.id not in met and code.uid not in base_uids]  # base codes B deleted: in the lineage notes
        self.report.codes_taken_from_b = [c for c in self.matching.conflicts if c.from_b]
        self.report.code_conflicts = [c for c in self.matching.conflicts if not c.from_b]

    def _plan_documents(self) -> None:
        a_by_hash = {text_hash(row["text"]): row for row in self.a.documents.values()}
        a_by_label = {row["label"].casefold(): row for row in self.a.documents.values()}
        taken = set(a_by_label)
        b_units: dict[int, list[dict]] = {}
        for unit in self.b.units.values():
            b_units.setdefault(unit["document_id"], []).append(unit)
        for row in sorted(self.b.documents.values(), key=lambda r: r["label"].casefold()):
            same = a_by_hash.get(text_hash(row["text"]))
            if same is not None:
                self.documents[row["id"]] = _Document(row["id"], "same", same["id"])
                self.report.documents_same += 1
                if same["label"] != row["label"]:
                    self.report.documents_relabelled.append(f"B's {row['label']} is A's {same['label']}")
                continue
            mine = a_by_label.get(row["label"].casefold())
            if mine is None:
                taken.add(row["label"].casefold())
                self.documents[row["id"]] = _Document(row["id"], "new", label=row["label"])
                self.report.documents_added.append(row["label"])
                continue
            self.documents[row["id"]] = self._conflict(row, mine, a_by_label, taken, b_units.get(row["id"], []))
        met = {plan.a_id for plan in self.documents.values()}
        self.report.documents_only_a = sorted(
            (row["label"] for row in self.a.documents.values() if row["id"] not in met), key=str.casefold)

    def _conflict(self, theirs: dict, mine: dict, a_by_label: dict[str, dict], taken: set[str],
                  units: list[dict]) -> _Document:
        """The same label with another text: aligned onto A's text only with the user's say."""
        decided = self.decisions.documents.get(theirs["label"].casefold())
        status = "pending"
        if decided is not None:
            status = {"accept": "accepted", "reject": "rejected", "re-pair": "re-paired"}[decided.decision]
            if decided.decision == "re-pair":
                if decided.a_label.casefold() not in a_by_label:
                    raise QualcodeError(f"the review pairs {theirs['label']} with {decided.a_label!r}, and "
                                        f"{self.a.name} has no such document")
                mine = a_by_label[decided.a_label.casefold()]
        alignment = Alignment(mine["text"], theirs["text"])
        if decided is None and self.accept_above is not None and alignment.similarity >= self.accept_above:
            status = "accepted"
        label = _free_label(f"{theirs['label']} ({self.b.path.stem})", taken)
        conflict = DocumentConflict(mine["label"], theirs["label"], round(alignment.similarity, 1),
                                    len(alignment.regions), status)
        plan = _Document(theirs["id"], "aligned" if status in ("accepted", "re-paired") else "apart", mine["id"],
                         alignment, conflict, label=label)
        codes_of = self._codes_of_units()
        for unit in sorted(units, key=lambda u: (u["start"], u["end"])):
            key = (theirs["id"], unit["start"], unit["end"])
            chosen = self.decisions.spans.get((theirs["label"].casefold(), unit["start"], unit["end"]))
            placed = alignment.place(unit["start"], unit["end"])
            if chosen is not None and not chosen[1] <= len(mine["text"]):
                raise QualcodeError(f"the review puts {theirs['label']} {unit['start']}-{unit['end']} at "
                                    f"{chosen[0]}-{chosen[1]}, past the end of {mine['label']}")
            if chosen is None and not placed.changed:
                self.placements[key] = ("a", placed.start, placed.end)
                continue
            if chosen is not None:
                where, how = ("a", *chosen), "re-paired"
            elif placed.placeable:
                where, how = ("a", placed.start, placed.end), "placed by the alignment"
            else:
                where, how = ("copy", unit["start"], unit["end"]), "kept on B's copy"
            self.placements[key] = (where[0], where[1], where[2])
            if plan.kind == "apart":
                how = f"if accepted: {how}"
            a_span = (where[1], where[2]) if where[0] == "a" else None
            conflict.spans.append(SpanCheck(
                mine["label"], (unit["start"], unit["end"]), a_span, codes_of.get(unit["id"], []),
                theirs["text"][unit["start"]:unit["end"]], mine["text"][a_span[0]:a_span[1]] if a_span else "", how))
        if plan.kind == "apart" or any(where == "copy" for where, _, _ in self._placements_of(theirs["id"])):
            taken.add(label.casefold())
            conflict.kept_as = label
        self.report.document_conflicts.append(conflict)
        return plan

    def _placements_of(self, document_id: int) -> list[tuple[str, int, int]]:
        return [where for key, where in self.placements.items() if key[0] == document_id]

    def _codes_of_units(self) -> dict[int, list[str]]:
        """B unit id -> 'code path (coder)' of its codings, for the spans the user is asked to confirm."""
        if self._unit_codes is None:
            self._unit_codes = {}
            for coding in self.b.rows("codings"):
                self._unit_codes.setdefault(coding["unit_id"], []).append(
                    f"{self.b.codes[coding['code_id']].path} ({coding['coder']})")
        return self._unit_codes

    def _lineage_notes(self, base_codes: dict | None) -> None:
        if not self.base or base_codes is None:
            return
        position = self.base.position
        a_uids = {code.uid for code in self.a.codes.values()}
        b_uids = {code.uid for code in self.b.codes.values()}
        gone_a, gone_b = self.a.deleted_after(position), self.b.deleted_after(position)
        for uid, code in sorted(base_codes.items(), key=lambda item: item[1].path):
            if uid not in a_uids and uid in b_uids:
                self.report.lineage_notes.append(
                    f"{code.path}: deleted in A after the fork ({gone_a.get(code.id, 'A log')}); B still has it, "
                    "so it is kept")
            elif uid in a_uids and uid not in b_uids:
                self.report.lineage_notes.append(
                    f"{code.path}: deleted in B after the fork ({gone_b.get(code.id, 'B log')}); A's is kept")
        for path in self.matching.both_new:
            self.report.lineage_notes.append(f"{path}: created on both sides after the fork, matched by path")
        for uid, source in {**self.a.split_from(position), **self.b.split_from(position)}.items():
            made = next((c.path for side in (self.a, self.b) for c in side.codes.values() if c.uid == uid), uid)
            origin = next((c.path for side in (self.a, self.b) for c in side.codes.values() if c.uid == source), source)
            self.report.lineage_notes.append(f"{made}: split off {origin} after the fork (not proposed as a pair)")

    def _check_coders(self) -> None:
        """Refuse to fold two people who share a name; codings from the shared base are one person's."""
        position = self.base.position if self.base else 0

        def documents_by_coder(side: Side, where: Callable[[int], int | None]) -> dict[str, set[int]]:
            after = store.highest_logged_id(side.conn, "codings", position) if self.base else 0
            found: dict[str, set[int]] = {}
            for coding in side.rows("codings"):
                if coding["id"] > after:
                    document = where(side.units[coding["unit_id"]]["document_id"])
                    if document is not None:
                        found.setdefault(self.coders.name(side.label, coding["coder"]), set()).add(document)
            return found

        ours = documents_by_coder(self.a, lambda d: d)
        theirs = documents_by_coder(self.b, lambda d: self.documents[d].a_id
                                    if self.documents[d].kind in ("same", "aligned") else None)
        clash = {name: sorted(self.a.documents[d]["label"] for d in ours[name] & docs)
                 for name, docs in theirs.items()
                 if name in ours and ours[name] & docs and name not in self.coders.same}
        if clash:
            raise CoderConflict(clash, self.a, self.b)
        self.report.coders = {f"{side}:{old}": new for side, renames in (("A", self.coders.a), ("B", self.coders.b))
                              for old, new in renames.items()}
        self.report.same_coders = sorted(self.coders.same)

    # Writing

    def write(self, conn: sqlite3.Connection, memo: Callable[[], str]) -> None:
        """Everything B brings, into A's copy, as one change; memo() gives the report kept as its memo."""
        summary = (f"merge {self.b.name} into a copy of {self.a.name}: the rows of this change came from "
                   f"{self.b.name} (project {self.b.lineage.project_id or 'without id'}); the log before it is "
                   f"{self.a.name}'s")
        self.conn = conn
        try:
            with audited(conn, self.coder, "merge", summary, undoable=False) as writer:
                self.writer = writer
                self._rename_a_coders()
                participants = self._participants()
                self._documents(participants)
                themes = self._themes()
                codes = self._codes(themes)
                units = self._units()
                self._codings(units, codes)
                self._condensates(units, codes)
                self._syntheses(units, codes)
                self._memos(units, codes, themes)
                self._flag_for_review(codes)
                self._reading()
                check_hierarchy(conn)
                self._count()
                writer.insert("memos", {"target_kind": "project", "target_id": None, "text": memo(),
                                        "author": self.coder, "created_at": now()})
        except sqlite3.IntegrityError as exc:
            raise QualcodeError(f"{self.b.name} cannot be merged into {self.a.name} as they are ({exc}); "
                                "nothing was written") from None

    @property
    def _w(self) -> Writer:
        return self.writer

    def _rename_a_coders(self) -> None:
        if not self.coders.a:
            return
        for table, column in _CODER_COLUMNS:
            for row in self.a.rows(table):
                if row.get(column) in self.coders.a:
                    self._w.update(table, row["id"], {column: self.coders.a[row[column]]})

    def _participants(self) -> dict[int, int]:
        """B participant id -> merged participant id; B's new participants and missing attributes added."""
        ours = {row["label"].casefold(): row["id"] for row in self.a.rows("participants")}
        our_attributes: dict[int, dict[str, str]] = {}
        for row in self.a.rows("participant_attributes"):
            our_attributes.setdefault(row["participant_id"], {})[row["name"]] = row["value"]
        their_attributes: dict[int, dict[str, str]] = {}
        for row in self.b.rows("participant_attributes"):
            their_attributes.setdefault(row["participant_id"], {})[row["name"]] = row["value"]
        mapped: dict[int, int] = {}
        for row in self.b.rows("participants"):
            found = ours.get(row["label"].casefold())
            if found is None:
                found = self._w.insert("participants", {"label": row["label"]})
                ours[row["label"].casefold()] = found
                self.report.participants_added.append(row["label"])
            else:
                self.report.participants_same += 1
            mapped[row["id"]] = found
            have = our_attributes.setdefault(found, {})
            for name, value in their_attributes.get(row["id"], {}).items():
                if name not in have:
                    store.add_attribute(self.conn, found, name, value)
                    have[name] = value
                elif have[name] != value:
                    self.report.attribute_conflicts.append(
                        f"{row['label']}: {name} is {have[name]!r} in A, {value!r} in B (A's kept)")
        return mapped

    def _documents(self, participants: dict[int, int]) -> None:
        for plan in self.documents.values():
            if plan.kind in ("new", "apart"):
                plan.merged_id = self._insert_document(plan, participants)
            elif plan.kind == "aligned" and any(w == "copy" for w, _, _ in self._placements_of(plan.b_id)):
                plan.copy_id = self._insert_document(plan, participants)

    def _insert_document(self, plan: _Document, participants: dict[int, int]) -> int:
        row = self.b.documents[plan.b_id]
        sha = row["sha256"] if not store.document_sha_taken(self.conn, row["sha256"]) \
            else text_hash(f"{row['label']}\n{row['text']}")
        document = {key: row[key] for key in ("title", "kind", "language", "source_name", "text", "words",
                                              "imported_at", "imported_by")}
        document.update(label=plan.label, sha256=sha)
        turns = [(t["start"], t["end"], t["body_start"], t["speaker"], participants.get(t["participant_id"]),
                  t["time_start"], t["time_end"]) for t in self.b.rows("turns") if t["document_id"] == plan.b_id]
        return store.insert_document(self.conn, document, turns, self._sentences(row["text"], turns))

    def _sentences(self, text: str, turns: list) -> list[tuple[int, int, str]]:
        from ..nlp.pipeline import load_pipeline, sentences  # spaCy loads only for a document A lacks

        nlp = load_pipeline(self.a.language, self.a.pipeline or None)
        found = sentences(nlp, text, self.a.language, {turn[0]: turn[2] for turn in turns})
        return [(s.start, s.end, s.lemmas) for s in found]

    def place(self, document_id: int, start: int | None, end: int | None) -> tuple[int, int | None, int | None]:
        """Where a span of B's document lies in the merged project: (document id, start, end)."""
        plan = self.documents[document_id]
        if plan.kind in ("new", "apart"):
            assert plan.merged_id is not None
            return plan.merged_id, start, end
        assert plan.a_id is not None
        if plan.kind == "same" or start is None or end is None:
            return plan.a_id, start, end
        where, new_start, new_end = self.placements.get((document_id, start, end)) or (
            "a", *_placed(plan, start, end))
        if where == "copy" or new_end < new_start:
            if plan.copy_id is None:
                plan.copy_id = self._insert_document(plan, {})
            return plan.copy_id, start, end
        return plan.a_id, new_start, new_end

    def _themes(self) -> dict[int, int]:
        ours = {(row["title"].strip().casefold(), row["note"].strip()): row["id"] for row in self.a.rows("themes")}
        titles = {title for title, _ in ours}
        sources = {(row["theme_id"], row["document_id"], row["start"], row["end"])
                   for row in self.a.rows("theme_sources")}
        position = max((row["position"] for row in self.a.rows("themes")), default=-1) + 1
        mapped: dict[int, int] = {}
        tally = self.report.themes
        for row in self.b.rows("themes"):
            key = (row["title"].strip().casefold(), row["note"].strip())
            if key in ours:
                mapped[row["id"]] = ours[key]
                tally.same += 1
                continue
            if key[0] in titles:
                tally.flagged.append(f"two themes titled {row['title']!r} (A's and B's notes differ)")
            mapped[row["id"]] = ours[key] = self._w.insert("themes", {
                **_copied(row), "position": position, "created_by": self.coders.name("B", row["created_by"])})
            position += 1
            tally.from_b += 1
        for row in self.b.rows("theme_sources"):
            document, start, end = self.place(row["document_id"], row["start"], row["end"])
            key4 = (mapped[row["theme_id"]], document, start, end)
            if key4 not in sources:
                sources.add(key4)
                self._w.insert("theme_sources", dict(zip(("theme_id", "document_id", "start", "end"), key4,
                                                         strict=True)))
        return mapped

    def _codes(self, themes: dict[int, int]) -> dict[int, int]:
        """B code id -> merged code id: A's codes updated where only B changed them, B's own added."""
        merged: dict[Target, int] = {Target("a", code_id): code_id for code_id in self.a.codes}
        positions: dict[int | None, int] = {}
        for code in self.a.codes.values():
            positions[code.parent_id] = max(positions.get(code.parent_id, -1), code.position)
        b_rows = self.b.by_id("codes")

        def next_position(parent: int | None) -> int:
            positions[parent] = positions.get(parent, -1) + 1
            return positions[parent]

        for code_id, values in self.matching.updates.items():
            if "name" in values:
                self._w.update("codes", code_id, {"name": values["name"]})
        for code in sorted(self.b.codes.values(), key=lambda c: (c.depth, c.position, c.id)):
            how = self.matching.how[code.id]
            if how != "added":
                if how == "id":
                    self.report.codes_by_id += 1
                elif how == "path":
                    self.report.codes_by_path += 1
                continue
            parent = self.matching.parents[code.id]
            parent_id = merged[parent] if parent is not None else None
            row = b_rows[code.id]
            merged[Target("b", code.id)] = self._w.insert("codes", {
                **_copied(row), "parent_id": parent_id, "position": next_position(parent_id),
                "theme_id": themes.get(row["theme_id"]) if row.get("theme_id") else None})
            self.report.codes_added.append(code.path)
        for code_id, values in self.matching.updates.items():
            changed: dict[str, Any] = {k: v for k, v in values.items() if k in ("description", "colour")}
            if "parent" in values:
                moved_to = values["parent"]
                assert moved_to is None or isinstance(moved_to, Target)
                parent_id = merged[moved_to] if moved_to is not None else None
                changed.update(parent_id=parent_id, position=next_position(parent_id))
            if changed:
                self._w.update("codes", code_id, changed)
        return {code_id: merged[target] for code_id, target in self.matching.targets.items()}

    def _b_code(self, uid: str) -> int:
        return next(code.id for code in self.b.codes.values() if code.uid == uid)

    def _units(self) -> dict[int, int]:
        """B unit id -> merged unit id: the same span is the same unit; the rest are added."""
        spans = {(u["document_id"], u["start"], u["end"]): u["id"] for u in self.a.units.values()}
        mapped: dict[int, int] = {}
        waiting: dict[tuple[int, int, int], list[int]] = {}
        for unit in sorted(self.b.units.values(), key=lambda u: u["id"]):
            document, start, end = self.place(unit["document_id"], unit["start"], unit["end"])
            assert start is not None and end is not None
            key = (document, start, end)
            if key in spans:
                mapped[unit["id"]] = spans[key]
                self.report.units_shared += 1
            else:
                waiting.setdefault(key, []).append(unit["id"])
        rows = [{**_copied(self.b.units[ids[0]]), "document_id": key[0], "start": key[1], "end": key[2],
                 "created_by": self.coders.name("B", self.b.units[ids[0]]["created_by"])}
                for key, ids in waiting.items()]
        for new_id, ids in zip(store.insert_many(self._w, "units", rows), waiting.values(), strict=True):
            for unit_id in ids:
                mapped[unit_id] = new_id
        return mapped

    def _codings(self, units: dict[int, int], codes: dict[int, int]) -> None:
        """Every coding of B with its coder and time; an identical row (span, code, coder) is folded, counted."""
        present = {(c["unit_id"], c["code_id"], self.coders.name("A", c["coder"])) for c in self.a.rows("codings")}
        rows = []
        for coding in self.b.rows("codings"):
            key = (units[coding["unit_id"]], codes[coding["code_id"]], self.coders.name("B", coding["coder"]))
            if key in present:
                self.report.duplicates += 1
                continue
            present.add(key)
            rows.append({**_copied(coding), "unit_id": key[0], "code_id": key[1], "coder": key[2]})
        store.insert_many(self._w, "codings", rows)

    def _condensates(self, units: dict[int, int], codes: dict[int, int]) -> None:
        ours = {row["code_id"]: row for row in self.a.rows("condensates")}
        our_links = {key: sorted(r["unit_id"] for r in rows)
                     for key, rows in self.a.links("condensate_units", "condensate_id").items()}
        their_links = self.b.links("condensate_units", "condensate_id")
        base = self._base_contents("condensates", "condensate_units", "condensate_id",
                                   lambda row, links: (row["text"], row["golden_unit_id"], tuple(sorted(links))))
        tally = self.report.condensates
        for row in self.b.rows("condensates"):
            code = codes[row["code_id"]]
            linked = sorted({units[r["unit_id"]] for r in their_links.get(row["id"], [])})
            golden = units.get(row["golden_unit_id"]) if row["golden_unit_id"] else None
            values = {"text": row["text"], "golden_unit_id": golden, "updated_at": row["updated_at"],
                      "updated_by": self.coders.name("B", row["updated_by"])}
            mine = ours.get(code)
            if mine is None:
                new_id = self._w.insert("condensates", {"code_id": code, **values})
                for unit_id in linked:
                    self._w.insert("condensate_units", {"condensate_id": new_id, "unit_id": unit_id})
                ours[code] = {"id": new_id, "code_id": code, **values}
                our_links[new_id] = linked
                tally.from_b += 1
                continue
            if (mine["text"], mine["golden_unit_id"], our_links.get(mine["id"], [])) == (row["text"], golden, linked):
                tally.same += 1
                continue
            uid = self.a.codes[code].uid if code in self.a.codes else ""
            before = base.get(uid)
            their_content = (row["text"], row["golden_unit_id"],
                             tuple(sorted(r["unit_id"] for r in their_links.get(row["id"], []))))
            our_content = (mine["text"], mine["golden_unit_id"], tuple(our_links.get(mine["id"], [])))
            path = self._path(code)
            if before is not None and our_content == before and their_content != before:
                self._w.update("condensates", mine["id"], values)
                for link in self.a.links("condensate_units", "condensate_id").get(mine["id"], []):
                    self._w.delete("condensate_units", link["id"])
                for unit_id in linked:
                    self._w.insert("condensate_units", {"condensate_id": mine["id"], "unit_id": unit_id})
                tally.taken_from_b.append(path)
            elif before is not None and their_content == before:
                tally.same += 1  # only A changed it since the fork: A's is the newer
            else:
                self._second("condensate", code, path, row["updated_by"], row["updated_at"],
                             f"{row['text']}\n\nRests on units {_ids(linked)}; golden nugget: "
                             f"{'unit ' + str(golden) if golden else 'none'}.")
                tally.flagged.append(path)

    def _syntheses(self, units: dict[int, int], codes: dict[int, int]) -> None:
        ours = {row["code_id"]: row for row in self.a.rows("syntheses")}
        our_quotes = {key: [r["unit_id"] for r in sorted(rows, key=lambda r: r["position"])]
                      for key, rows in self.a.links("synthesis_quotes", "synthesis_id").items()}
        their_quotes = self.b.links("synthesis_quotes", "synthesis_id")

        def text_of(row: dict) -> tuple[str, str, str]:
            return row["heading"], row["introduction"], row["analytic_text"]

        base = self._base_contents("syntheses", "synthesis_quotes", "synthesis_id",
                                   lambda row, quotes: (*text_of(row), tuple(quotes)))
        tally = self.report.syntheses
        for row in self.b.rows("syntheses"):
            code = codes[row["code_id"]]
            ordered = [r["unit_id"] for r in sorted(their_quotes.get(row["id"], []), key=lambda r: r["position"])]
            quoted = list(dict.fromkeys(units[u] for u in ordered))
            values = {"heading": row["heading"], "introduction": row["introduction"],
                      "analytic_text": row["analytic_text"],
                      "checked_by": self.coders.name("B", row["checked_by"]) if row["checked_by"] else None,
                      "checked_at": row["checked_at"], "updated_at": row["updated_at"],
                      "updated_by": self.coders.name("B", row["updated_by"])}
            mine = ours.get(code)
            if mine is None:
                new_id = self._w.insert("syntheses", {"code_id": code, **values})
                self._quote(new_id, quoted)
                ours[code] = {"id": new_id, "code_id": code, **values}
                our_quotes[new_id] = quoted
                tally.from_b += 1
                continue
            if (*text_of(mine), our_quotes.get(mine["id"], [])) == (*text_of(row), quoted):
                if not mine["checked_by"] and values["checked_by"]:
                    self._w.update("syntheses", mine["id"], {"checked_by": values["checked_by"],
                                                             "checked_at": values["checked_at"]})
                tally.same += 1
                continue
            uid = self.a.codes[code].uid if code in self.a.codes else ""
            before = base.get(uid)
            path = self._path(code)
            if before is not None and (*text_of(mine), tuple(our_quotes.get(mine["id"], []))) == before \
                    and (*text_of(row), tuple(ordered)) != before:
                self._w.update("syntheses", mine["id"], values)
                for link in self.a.links("synthesis_quotes", "synthesis_id").get(mine["id"], []):
                    self._w.delete("synthesis_quotes", link["id"])
                self._quote(mine["id"], quoted)
                tally.taken_from_b.append(path)
            elif before is not None and (*text_of(row), tuple(ordered)) == before:
                tally.same += 1
            else:
                parts = [f"Heading: {row['heading']}" if row["heading"] else "",
                         f"Introduction: {row['introduction']}" if row["introduction"] else "",
                         row["analytic_text"], f"Quotes: units {_ids(quoted)}." if quoted else ""]
                self._second("synthesis", code, path, row["updated_by"], row["updated_at"],
                             "\n\n".join(part for part in parts if part))
                tally.flagged.append(path)

    def _quote(self, synthesis_id: int, unit_ids: list[int]) -> None:
        for position, unit_id in enumerate(unit_ids):
            self._w.insert("synthesis_quotes", {"synthesis_id": synthesis_id, "unit_id": unit_id,
                                                "position": position})

    def _base_contents(self, table: str, link_table: str, key: str, content: Callable) -> dict[str, tuple]:
        """Code uid -> what the shared base held for it (empty without a base)."""
        if not self.base_state:
            return {}
        codes = self.base_state["codes"]
        links: dict[int, list[dict]] = {}
        for row in self.base_state[link_table].values():
            links.setdefault(row[key], []).append(row)
        found = {}
        for row in self.base_state[table].values():
            owned = sorted(links.get(row["id"], []), key=lambda r: (r.get("position", 0), r["id"]))
            if row["code_id"] in codes:
                found[codes[row["code_id"]]["uid"]] = content(row, [r["unit_id"] for r in owned])
        return found

    def _second(self, kind: str, code: int, path: str, by: str, at: str, body: str) -> None:
        """B's condensate or synthesis where A has its own: kept as a memo on the code, titled so."""
        who = self.coders.name("B", by)
        text = (f"Merge: a second {kind} of {path}, from {self.b.name} (written by {who}, {at}). Both projects "
                f"had one; the merge kept {self.a.name}'s as the {kind} and this one here. Reconcile them.\n\n{body}")
        self._w.insert("memos", {"target_kind": "code", "target_id": code, "text": text, "author": who,
                                 "created_at": at})

    def _memos(self, units: dict[int, int], codes: dict[int, int], themes: dict[int, int]) -> None:
        present = {(m["target_kind"], m["target_id"], m["text"], self.coders.name("A", m["author"]), m["created_at"],
                    m.get("start"), m.get("end")) for m in self.a.rows("memos")}
        tally = self.report.memos
        for memo in self.b.rows("memos"):
            kind, target, text = memo["target_kind"], memo["target_id"], memo["text"]
            start, end = memo.get("start"), memo.get("end")  # a memo on a passage of the document
            found: int | None = None
            if kind == "document" and target in self.documents:
                found, start, end = self.place(target, start, end)
            elif kind in ("unit", "code", "theme"):
                found = {"unit": units, "code": codes, "theme": themes}[kind].get(target)
            if kind != "project" and found is None:
                kind, text = "project", f"(on {memo['target_kind']} {target}, which {self.b.name} no longer has) {text}"
            if found is None or start is None or end is None or end <= start:
                start = end = None
            key = (kind, found, text, self.coders.name("B", memo["author"]), memo["created_at"], start, end)
            if key in present:
                tally.same += 1
                continue
            present.add(key)
            self._w.insert("memos", dict(zip(("target_kind", "target_id", "text", "author", "created_at", "start",
                                              "end"), key, strict=True)))
            tally.from_b += 1

    def _flag_for_review(self, codes: dict[int, int]) -> None:
        """A memo on each code and document kept apart pending a decision, so the project itself shows it."""
        where = Path(self.report.review_file).name if self.report.review_file else "the review file"
        pending: dict[str, list[str]] = {}
        for proposal in self.report.proposals:
            pending.setdefault(proposal.b_uid, []).append(
                f"{proposal.a_path} (score {proposal.score:.1f}, {proposal.reason})")
        by_uid = {code.uid: code.id for code in self.b.codes.values()}
        for uid, pairs in pending.items():
            code = self.b.codes[by_uid[uid]]
            self._w.insert("memos", {
                "target_kind": "code", "target_id": codes[code.id], "author": self.coder, "created_at": now(),
                "text": f"Merge: flagged for review. {code.path} (from {self.b.name}) may be the same code as "
                        f"{'; or '.join(pairs)} in {self.a.name}. Both are kept until you decide in {where} "
                        "(accept, reject or re-pair)."})
        for plan in self.documents.values():
            if plan.kind == "apart" and plan.conflict is not None and plan.conflict.status == "pending":
                self._w.insert("memos", {
                    "target_kind": "document", "target_id": plan.merged_id, "author": self.coder, "created_at": now(),
                    "text": f"Merge: flagged for review. This is {self.b.name}'s version of {plan.conflict.a_label} "
                            f"(the same label, another text: {plan.conflict.similarity:.1f}% alike). It is kept "
                            f"apart until you accept the pair in {where}; then its codings move onto "
                            f"{plan.conflict.a_label}."})

    def _reading(self) -> None:
        ours = {(r["document_id"], self.coders.name("A", r["coder"])): r for r in self.a.rows("reading_status")}
        for row in self.b.rows("reading_status"):
            document = self.place(row["document_id"], None, None)[0]
            key = (document, self.coders.name("B", row["coder"]))
            mine = ours.get(key)
            if mine is None:
                ours[key] = row
                self._w.insert("reading_status", {"document_id": document, "coder": key[1], "status": row["status"],
                                                  "updated_at": row["updated_at"]})
            elif row["updated_at"] > mine["updated_at"] and row["status"] != mine["status"]:
                self._w.update("reading_status", mine["id"], {"status": row["status"],
                                                              "updated_at": row["updated_at"]})

    def _count(self) -> None:
        report = self.report
        report.units_a, report.units_b = len(self.a.units), len(self.b.units)
        report.codings_a, report.codings_b = len(self.a.rows("codings")), len(self.b.rows("codings"))
        report.units_merged = store.count(self.conn, "units")
        report.codings_merged = store.count(self.conn, "codings")
        report.dropped = report.codings_a + report.codings_b - report.duplicates - report.codings_merged
        if report.dropped:
            raise QualcodeError(f"the merge would lose {report.dropped} codings; nothing was written")

    def _path(self, code_id: int) -> str:
        names = []
        current: int | None = code_id
        while current is not None:
            name, current = store.code_name_and_parent(self.conn, current)
            names.append(name)
        return join_path(names[::-1])  # as paths are written: a name's own slash is \/


_CODER_COLUMNS = (("codings", "coder"), ("units", "created_by"), ("memos", "author"), ("themes", "created_by"),
                  ("condensates", "updated_by"), ("syntheses", "updated_by"), ("syntheses", "checked_by"),
                  ("reading_status", "coder"))


def _copied(row: dict[str, Any]) -> dict[str, Any]:
    """B's row for the merged project: every column (a later migration's too) but its id."""
    return {key: value for key, value in row.items() if key != "id"}


def _placed(plan: _Document, start: int, end: int) -> tuple[int, int]:
    assert plan.alignment is not None
    placed = plan.alignment.place(start, end)
    return placed.start, placed.end


def _free_label(label: str, taken: set[str]) -> str:
    candidate, number = label, 2
    while candidate.casefold() in taken:
        candidate, number = f"{label} {number}", number + 1
    return candidate


def _ids(ids: list[int]) -> str:
    return ", ".join(map(str, ids)) or "none"


def span_score(span: SpanCheck) -> float:
    """How alike B's coded text and the text it was placed on are (0-100)."""
    return round(fuzz.ratio(span.b_text, span.a_text), 1)
