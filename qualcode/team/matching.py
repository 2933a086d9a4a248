"""Two codebooks: which of B's codes are A's, which are B's own, and which only look alike.

Sure matches: the same stable id (uid), then the same path (after NFC, case folding and collapsed
spaces, under the parent already matched). Everything else is B's own code, added beside A's, unless
the user accepted a proposal for it (from a review file or --accept-above). Proposals: the same name
under another parent, and names and descriptions that rapidfuzz finds alike ("Samarbeid med HF" ~
"samarbeid m/ helseforetaket"), each with its score (0-100).

With a shared base (two forks of one project) an id match whose fields differ is resolved three ways:
a field only one side changed since the fork takes that side's value (a rename, a move); a field both
changed differently is a conflict, A's value kept and both reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..codebook.model import escape_name, join_path
from ..errors import QualcodeError

PROPOSAL_FLOOR = 75.0  # a pair scoring lower is not proposed
_NAME_PREFILTER = 40.0  # token_sort_ratio a pair of names needs before the costlier scorers look at it
_CANDIDATES = 10  # best names per B code that the costlier scorers look at
_PER_CODE = 3  # proposals kept per B code, best first
FIELDS = ("name", "parent", "description", "colour")


def normal(text: str) -> str:
    """How names are compared: NFC, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class SideCode:
    id: int
    uid: str
    parent_id: int | None
    name: str
    description: str
    colour: str
    position: int
    path: str
    depth: int  # 0 code group, 1 subgroup, 2 code


def side_codes(rows: Sequence[Mapping]) -> dict[int, SideCode]:
    """A project's code rows with their paths and depths."""
    by_id = {row["id"]: row for row in rows}
    result: dict[int, SideCode] = {}

    def build(code_id: int, seen: frozenset[int] = frozenset()) -> SideCode:
        if code_id in result:
            return result[code_id]
        row = by_id[code_id]
        parent_id = row["parent_id"] if row["parent_id"] in by_id and row["parent_id"] not in seen else None
        parent = build(parent_id, seen | {code_id}) if parent_id is not None else None
        code = SideCode(code_id, row["uid"], parent_id, row["name"], row["description"] or "", row["colour"] or "",
                        row["position"],  # the path as paths are written: a name's own slash is \/
                        f"{parent.path}/{escape_name(row['name'])}" if parent else escape_name(row["name"]),
                        parent.depth + 1 if parent else 0)
        result[code_id] = code
        return code

    for code_id in by_id:
        build(code_id)
    return result


@dataclass(frozen=True)
class Target:
    """A code of the merged project: one of A's (side "a"), or one B brings along (side "b")."""

    side: str
    id: int


@dataclass(frozen=True)
class CodeDecision:
    """The user's say on one of B's codes: accept (a_ref: A's code), reject, or re-pair (a_ref: A's code)."""

    decision: str
    a_ref: str = ""


@dataclass(frozen=True)
class Proposal:
    a_uid: str
    a_path: str
    b_uid: str
    b_path: str
    score: float
    reason: str
    a_examples: tuple[str, ...] = ()
    b_examples: tuple[str, ...] = ()
    status: str = "pending"  # pending, accepted, rejected, re-paired


@dataclass(frozen=True)
class FieldConflict:
    uid: str
    path: str  # the code's path in the merged project
    field: str
    a_value: str
    b_value: str
    resolution: str  # "only B changed it since the fork", "A's kept: both changed it since the fork" ...
    from_b: bool = False  # B's value is the merged one


@dataclass
class Matching:
    targets: dict[int, Target] = field(default_factory=dict)  # B code id -> merged code
    how: dict[int, str] = field(default_factory=dict)  # B code id -> id, path, accepted, re-paired, added
    parents: dict[int, Target | None] = field(default_factory=dict)  # added B code -> its merged parent
    updates: dict[int, dict[str, object]] = field(default_factory=dict)  # A code id -> values B changed
    conflicts: list[FieldConflict] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    both_new: list[str] = field(default_factory=list)  # paths created on both sides after the fork

    def pending(self) -> list[Proposal]:
        return [p for p in self.proposals if p.status == "pending"]


class _Tree:
    """The merged codebook as it is being built: A's codes, then B's as they are placed."""

    def __init__(self, a: Mapping[int, SideCode]) -> None:
        self.children: dict[Target | None, dict[str, Target]] = {}
        self.parent: dict[Target, Target | None] = {}
        self.name: dict[Target, str] = {}
        self.depth: dict[Target, int] = {}
        for code in sorted(a.values(), key=lambda c: c.depth):
            node = Target("a", code.id)
            parent = Target("a", code.parent_id) if code.parent_id is not None else None
            self.add(node, parent, code.name, code.depth)

    def add(self, node: Target, parent: Target | None, name: str, depth: int) -> None:
        self.children.setdefault(parent, {})[normal(name)] = node
        self.parent[node], self.name[node], self.depth[node] = parent, name, depth

    def child(self, parent: Target | None, name: str) -> Target | None:
        return self.children.get(parent, {}).get(normal(name))

    def rename(self, node: Target, name: str) -> bool:
        siblings = self.children.setdefault(self.parent[node], {})
        if siblings.get(normal(name), node) != node:
            return False
        siblings.pop(normal(self.name[node]), None)
        siblings[normal(name)] = node
        self.name[node] = name
        return True

    def move(self, node: Target, parent: Target | None) -> bool:
        depth = self.depth[parent] + 1 if parent is not None else 0
        if depth + self.height(node) > 3 or self.child(parent, self.name[node]) or self.inside(parent, node):
            return False
        self.children[self.parent[node]].pop(normal(self.name[node]), None)
        self.children.setdefault(parent, {})[normal(self.name[node])] = node
        self.parent[node] = parent
        self._redepth(node, depth)
        return True

    def height(self, node: Target) -> int:
        return 1 + max((self.height(child) for child in self.children.get(node, {}).values()), default=0)

    def inside(self, node: Target | None, ancestor: Target) -> bool:
        while node is not None:
            if node == ancestor:
                return True
            node = self.parent[node]
        return False

    def path(self, node: Target) -> str:
        names = []
        current: Target | None = node
        while current is not None:
            names.append(self.name[current])
            current = self.parent[current]
        return join_path(names[::-1])

    def _redepth(self, node: Target, depth: int) -> None:
        self.depth[node] = depth
        for child in self.children.get(node, {}).values():
            self._redepth(child, depth + 1)


def match_codes(
    a: Mapping[int, SideCode],
    b: Mapping[int, SideCode],
    *,
    base: Mapping[str, SideCode] | None = None,
    decisions: Mapping[str, CodeDecision] | None = None,
    accept_above: float | None = None,
    split_from: Mapping[str, str] | None = None,
    examples_a: Mapping[int, Sequence[str]] | None = None,
    examples_b: Mapping[int, Sequence[str]] | None = None,
) -> Matching:
    """Place every one of B's codes in the merged codebook; see the module's doc for the rules."""
    decisions = decisions or {}
    examples_a, examples_b = examples_a or {}, examples_b or {}
    a_by_uid = {code.uid: code for code in a.values()}
    base_by_id = {code.id: code for code in (base or {}).values()}
    base_parents = {code.uid: base_by_id[code.parent_id].uid if code.parent_id in base_by_id else None
                    for code in (base or {}).values()}
    tree = _Tree(a)
    matching = Matching()
    unmatched = [code for code in b.values() if code.uid not in a_by_uid]
    proposed = propose(list(a.values()), unmatched, split_from or {})
    for code in sorted(b.values(), key=lambda c: (c.depth, c.position, c.id)):
        parent = matching.targets.get(code.parent_id) if code.parent_id is not None else None
        if code.uid in a_by_uid:
            node = Target("a", a_by_uid[code.uid].id)
            matching.how[code.id] = "id"
            _resolve_fields(matching, tree, node, a_by_uid[code.uid], code, parent, base, base_parents, a_by_uid)
        elif (found := tree.child(parent, code.name)) is not None:
            node = found
            matching.how[code.id] = "path"
            if base is not None and found.side == "a" and code.uid not in base and a[found.id].uid not in base:
                matching.both_new.append(tree.path(found))
        else:
            node = _decide(matching, tree, code, parent, a, a_by_uid, decisions, accept_above,
                           proposed.get(code.id, []))
        matching.targets[code.id] = node
    for code_id, candidates in proposed.items():
        how = matching.how[code_id]
        if how == "path":
            continue
        chosen = matching.targets[code_id]
        decided = decisions.get(b[code_id].uid)
        for score, a_id, reason in candidates:
            status = "pending"
            if how in ("accepted", "re-paired"):
                status = how if chosen == Target("a", a_id) else "rejected"
            elif decided is not None and decided.decision == "reject":
                status = "rejected"
            matching.proposals.append(Proposal(
                a[a_id].uid, a[a_id].path, b[code_id].uid, b[code_id].path, round(score, 1), reason,
                tuple(examples_a.get(a_id, ())), tuple(examples_b.get(code_id, ())), status))
    for code_id, how in matching.how.items():
        if how in ("accepted", "re-paired") and not any(
                p.b_uid == b[code_id].uid and p.status == how for p in matching.proposals):
            target = a[matching.targets[code_id].id]
            score = round(fuzz.WRatio(normal(target.name), normal(b[code_id].name)), 1)
            matching.proposals.append(Proposal(target.uid, target.path, b[code_id].uid, b[code_id].path, score,
                                               "the user's pair", tuple(examples_a.get(target.id, ())),
                                               tuple(examples_b.get(code_id, ())), how))
    matching.proposals.sort(key=lambda p: (p.status != "pending", -p.score, p.b_path.casefold()))
    return matching


def _decide(matching: Matching, tree: _Tree, code: SideCode, parent: Target | None, a: Mapping[int, SideCode],
            a_by_uid: Mapping[str, SideCode], decisions: Mapping[str, CodeDecision], accept_above: float | None,
            candidates: list[tuple[float, int, str]]) -> Target:
    """An unmatched B code: the user's say, else --accept-above, else it comes along as B's own."""
    decided = decisions.get(code.uid)
    target: SideCode | None = None
    how = ""
    if decided is not None and decided.decision in ("accept", "re-pair"):
        target = _a_code(decided.a_ref, a, a_by_uid, code)
        how = "accepted" if decided.decision == "accept" else "re-paired"
    elif decided is None and accept_above is not None and candidates and candidates[0][0] >= accept_above:
        target, how = a[candidates[0][1]], "accepted"
    if target is not None:
        if target.depth != code.depth:
            raise QualcodeError(f"{code.path} (a {_LEVEL[code.depth]}) cannot become {target.path} "
                                f"(a {_LEVEL[target.depth]}): pair codes of the same level")
        matching.how[code.id] = how
        return Target("a", target.id)
    node = Target("b", code.id)
    depth = tree.depth[parent] + 1 if parent is not None else 0
    if depth > 2:
        raise QualcodeError(f"{code.path} would sit deeper than code group > subgroup > code in the merged "
                            f"codebook (its parent is {tree.path(parent) if parent else '-'}); pair its parent "
                            "with a code of its own level")
    tree.add(node, parent, code.name, depth)
    matching.how[code.id] = "added"
    matching.parents[code.id] = parent
    return node


_LEVEL = ("code group", "subgroup", "code")


def _a_code(ref: str, a: Mapping[int, SideCode], a_by_uid: Mapping[str, SideCode], code: SideCode) -> SideCode:
    if ref in a_by_uid:
        return a_by_uid[ref]
    wanted = normal(ref)
    for candidate in a.values():
        if normal(candidate.path) == wanted:
            return candidate
    raise QualcodeError(f"the review names {ref!r} for {code.path}, and the first project has no such code")


def _resolve_fields(matching: Matching, tree: _Tree, node: Target, ours: SideCode, theirs: SideCode,
                    their_parent: Target | None, base: Mapping[str, SideCode] | None,
                    base_parents: Mapping[str, str | None], a_by_uid: Mapping[str, SideCode]) -> None:
    """One code both have (same uid): take what only B changed since the fork, report what both changed."""
    old = base.get(ours.uid) if base is not None else None
    values: dict[str, tuple[object, object]] = {
        "name": (ours.name, theirs.name), "parent": (tree.parent[node], their_parent),
        "description": (ours.description, theirs.description), "colour": (ours.colour, theirs.colour)}
    originals: dict[str, object] = {}
    if old is not None and base is not None:
        parent_uid = base_parents.get(old.uid)
        old_parent = None if parent_uid is None else (
            Target("a", a_by_uid[parent_uid].id) if parent_uid in a_by_uid else Target("gone", 0))
        originals = {"name": old.name, "parent": old_parent, "description": old.description, "colour": old.colour}
    for name in FIELDS:
        mine, yours = values[name]
        if mine == yours:
            continue
        shown = (_shown(tree, mine), _shown(tree, yours))
        if originals and yours == originals[name]:
            continue  # only A changed it since the fork: A's value is the merged one
        if originals and mine == originals[name]:
            if name == "parent":
                assert yours is None or isinstance(yours, Target)
                applied = tree.move(node, yours)
            else:
                applied = tree.rename(node, str(yours)) if name == "name" else True
            if applied:
                matching.updates.setdefault(ours.id, {})[name] = yours
                matching.conflicts.append(FieldConflict(ours.uid, tree.path(node), name, *shown,
                                                        "only B changed it since the fork", from_b=True))
                continue
            resolution = "A's kept: B's would clash in the merged codebook"
        else:
            why = "both changed it since the fork" if originals else "no shared base tells who changed it"
            resolution = f"A's kept: {why}"
        matching.conflicts.append(FieldConflict(ours.uid, tree.path(node), name, *shown, resolution))


def _shown(tree: _Tree, value: object) -> str:
    if isinstance(value, Target):
        return tree.path(value) if value in tree.name else "?"
    return "(top level)" if value is None else str(value)


# Proposals

def propose(a: Sequence[SideCode], b: Sequence[SideCode], split_from: Mapping[str, str]
            ) -> dict[int, list[tuple[float, int, str]]]:
    """B code id -> up to three (score, A code id, reason), best first, for codes of the same level."""
    found: dict[int, list[tuple[float, int, str]]] = {}
    for depth in {code.depth for code in b}:
        ours = [code for code in a if code.depth == depth]
        theirs = [code for code in b if code.depth == depth]
        if ours and theirs:
            found.update(_propose_level(ours, theirs, split_from))
    return found


def _propose_level(a: Sequence[SideCode], b: Sequence[SideCode], split_from: Mapping[str, str]
                   ) -> dict[int, list[tuple[float, int, str]]]:
    """Candidates first (the best names by token_sort_ratio over all pairs, and names sharing a word),
    then each candidate scored by WRatio of the names and token_set_ratio of the descriptions."""
    a_names, b_names = [normal(c.name) for c in a], [normal(c.name) for c in b]
    a_texts, b_texts = [normal(c.description) for c in a], [normal(c.description) for c in b]
    names = process.cdist(b_names, a_names, scorer=fuzz.token_sort_ratio, score_cutoff=_NAME_PREFILTER, workers=-1)
    keep = min(_CANDIDATES, len(a))
    best = names.argpartition(len(a) - keep, axis=1)[:, len(a) - keep:] if keep < len(a) else None
    sharing = _shared_words(a_names, b_names)
    found: dict[int, list[tuple[float, int, str]]] = {}
    for j, theirs in enumerate(b):
        row = names[j]
        candidates = set(range(len(a))) if best is None else {int(i) for i in best[j]}
        candidates = {i for i in candidates if row[i] > 0} | sharing.get(j, set())
        scored = []
        for i in candidates:
            ours = a[i]
            if split_from.get(theirs.uid) == ours.uid or split_from.get(ours.uid) == theirs.uid:
                continue  # B split it off this code on purpose: not a pair to fold back
            name_score = max(float(row[i]), fuzz.WRatio(b_names[j], a_names[i]))
            if name_score < 2 * PROPOSAL_FLOOR - 100:
                continue  # even the same description could not lift it to the floor
            score, reason = name_score, "similar names"
            if a_names[i] == b_names[j]:
                reason = "same name under another parent"
            elif a_texts[i] and b_texts[j] and name_score < 100:
                together = (name_score + fuzz.token_set_ratio(b_texts[j], a_texts[i])) / 2
                if together > score:
                    score, reason = together, "similar names and descriptions"
            if score >= PROPOSAL_FLOOR:
                scored.append((score, ours.id, reason))
        if scored:
            found[theirs.id] = sorted(scored, key=lambda s: (-s[0], s[1]))[:_PER_CODE]
    return found


def _shared_words(a_names: Sequence[str], b_names: Sequence[str]) -> dict[int, set[int]]:
    """Pairs of names that share a word (its first five letters), through an index of A's names."""
    index: dict[str, list[int]] = {}
    for i, name in enumerate(a_names):
        for stem in _stems(name):
            index.setdefault(stem, []).append(i)
    common = max(10, len(a_names) // 100)  # a word in many names tells nothing apart
    found: dict[int, set[int]] = {}
    for j, name in enumerate(b_names):
        hits = {i for stem in _stems(name) if len(index.get(stem, ())) <= common for i in index.get(stem, ())}
        if hits:
            found[j] = hits
    return found


_WORD = re.compile(r"\w{3,}")


def _stems(text: str) -> set[str]:
    return {word[:5] for word in _WORD.findall(text)}
