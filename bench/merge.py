"""Merge benchmark.

    python bench/merge.py                 # the figures the issue asks for
    python bench/merge.py --transcripts 20 --codings 1000   # quick

1. Two codebooks of 2,000 codes each (group > subgroup > code, names and descriptions drawn from
   simplemma's bokmål words): B is A's codebook rebuilt by another coder (ids of its own; 40% of the
   names kept, 30% with a letter changed, 30% new), so every code goes through path matching and the
   proposals. Target: matched, with proposals, in under 1 s (best of 3).
2. Two forks of a project with 200 transcripts, each coded with 10,000 codings by its own coder (a
   third of the spans the same as the other's), merged into a third project. Target: under 5 s.

The last line is one JSON object; every key carries its unit.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import vocabulary, write_corpus  # noqa: E402

from qualcode.project import Project  # noqa: E402
from qualcode.store.changes import audited, now  # noqa: E402
from qualcode.team.matching import match_codes, side_codes  # noqa: E402
from qualcode.team.merge import merge_projects  # noqa: E402

MATCH_TARGET_S, MERGE_TARGET_S = 1.0, 5.0


def codebooks(size: int, seed: int = 3) -> tuple[list[dict], list[dict]]:
    words = vocabulary()[0][-60_000:]
    rng = random.Random(seed)

    def phrase(n: int) -> str:
        return " ".join(rng.choices(words, k=n))

    rows: list[dict] = []
    while len(rows) < size:
        group = len(rows) + 1
        rows.append({"id": group, "uid": f"a{group}", "parent_id": None, "name": phrase(2).capitalize(),
                     "description": phrase(12), "colour": "", "position": group})
        for s in range(7):
            sub = len(rows) + 1
            rows.append({"id": sub, "uid": f"a{sub}", "parent_id": group, "name": phrase(3),
                         "description": phrase(15), "colour": "", "position": s})
            for c in range(6):
                code = len(rows) + 1
                rows.append({"id": code, "uid": f"a{code}", "parent_id": sub, "name": phrase(rng.randint(1, 4)),
                             "description": phrase(rng.randint(8, 20)), "colour": "", "position": c})
    rows = rows[:size]

    def rebuilt(row: dict) -> dict:
        row = {**row, "uid": "b" + row["uid"][1:]}
        chance = rng.random()
        if chance < 0.4:
            return row
        if chance < 0.7:
            at = rng.randrange(len(row["name"]))
            return {**row, "name": (row["name"][:at] + rng.choice("aeiouæøå") + row["name"][at + 1:]).strip() or "x"}
        return {**row, "name": phrase(rng.randint(1, 4)), "description": phrase(12)}

    return rows, [rebuilt(row) for row in rows]


def time_matching(size: int) -> tuple[float, int]:
    a_rows, b_rows = codebooks(size)
    best, proposals = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        matching = match_codes(side_codes(a_rows), side_codes(b_rows))
        best = min(best, time.perf_counter() - started)
        proposals = len(matching.proposals)
    return best, proposals


def code_a_fork(path: Path, coder: str, count: int, spans: list[tuple[int, int, int]], shared: list, seed: int) -> None:
    """count codings by coder, a third of them on the shared spans, in one audited change (setup only)."""
    rng = random.Random(seed)
    with Project(path, coder=coder) as project:
        codes = [code.id for group in project.codebook.tree() for sub in group.children
                 for code in (sub, *sub.children)]
        chosen = shared[: count // 3] + rng.sample(spans, count - count // 3)
        with audited(project.conn, coder, "code unit", f"bench: {count} codings") as writer:
            for document_id, start, end in chosen:
                unit = writer.insert("units", {"document_id": document_id, "start": start, "end": end,
                                               "created_at": now(), "created_by": coder})
                writer.insert("codings", {"unit_id": unit, "code_id": rng.choice(codes), "coder": coder,
                                          "created_at": now()})


def time_merge(folder: Path, transcripts: int, codings: int) -> dict:
    corpus = write_corpus(HERE / "out" / f"corpus-{transcripts}x1000", transcripts, 1000)
    base = folder / "samhandling.qualcode"
    started = time.perf_counter()
    with Project.create(base, language="nb", coder="bench") as project:
        project.documents.import_files(corpus)
        for g in range(6):
            for s in range(5):
                project.codebook.add(f"Tema {g + 1}/Undergruppe {s + 1}")
        spans = [(document.id, start, end) for document in project.documents.list()
                 for start, end in project.units.proposed_boundaries(document.label)]
        kari, ola = folder / "samhandling-kari.qualcode", folder / "samhandling-ola.qualcode"
        project.team.fork(kari, coder="kari")
        project.team.fork(ola, coder="ola")
    shared = random.Random(1).sample(spans, codings // 3)
    code_a_fork(kari, "kari", codings, spans, shared, 5)
    code_a_fork(ola, "ola", codings, spans, shared, 6)
    setup_s = time.perf_counter() - started
    started = time.perf_counter()
    report = merge_projects(kari, ola, folder / "felles.qualcode", coder="bench")
    merge_s = time.perf_counter() - started
    return {"setup_s": round(setup_s, 1), "merge_s": round(merge_s, 3), "merged_codings": report.codings_merged,
            "merged_units": report.units_merged, "dropped_codings": report.dropped,
            "merge_ok": merge_s < MERGE_TARGET_S and report.dropped == 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", type=int, default=2000, help="codes in each codebook")
    parser.add_argument("--transcripts", type=int, default=200, help="transcripts in each project")
    parser.add_argument("--codings", type=int, default=10_000, help="codings in each project")
    options = parser.parse_args()
    match_s, proposals = time_matching(options.codes)
    print(f"codebooks of {options.codes} codes matched with {proposals} proposals in {match_s:.3f} s")
    with tempfile.TemporaryDirectory() as scratch:
        merged = time_merge(Path(scratch), options.transcripts, options.codings)
    print(f"two projects of {options.transcripts} transcripts, {options.codings} codings each, merged in "
          f"{merged['merge_s']:.2f} s (setup {merged['setup_s']} s), dropped {merged['dropped_codings']}")
    print(json.dumps({"codebook_codes": options.codes, "codebook_match_s": round(match_s, 3),
                      "codebook_proposals": proposals, "codebook_match_ok": match_s < MATCH_TARGET_S,
                      "transcripts": options.transcripts, "codings_per_project": options.codings, **merged}))


if __name__ == "__main__":
    main()
