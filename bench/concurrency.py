"""Concurrency benchmark: three processes write to one project at once, and nothing is lost.

    python bench/concurrency.py                 # 60 s
    python bench/concurrency.py --duration 10   # a quick run

In a temporary folder, three processes share one project file, each with its own connection:
  - kari codes meaning units (spans of the seed transcripts) and now and then rewrites the
    description of a code both coders use;
  - ola does the same with codes of his own, and undoes and redoes his own changes;
  - a third process imports small transcripts, one every --import-every seconds (imports cannot be
    undone: each is a barrier that undo does not go back past).
Each process records every write it attempted, whether it committed or was refused, and why. At the
end the final database is checked against the records: every committed write that its own author did
not undo is present (a coding is there, the shared description holds the newest write that stands,
a document is imported), and every write ola undid is absent. The log itself is checked too: every
undo and redo took back the top of its own coder's stack. The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from qualcode.errors import QualcodeError  # noqa: E402
from qualcode.project import Project  # noqa: E402
from qualcode.store import changes  # noqa: E402

SHARED_CODE = "Samhandling/Felles"
SEED_DOCUMENTS = 8
CODES_PER_CODER = 24
PHRASES = [
    "Samarbeidet med kommunen er bedre nå.", "Vi får beskjed tidligere enn før.",
    "Fastlegen ringte meg før jul.", "Det tar tid, som de sier på DPS-et.",
    "Pårørende blir tatt på alvor.", "Ventetiden var lang, men det gikk seg til.",
    "Helseforetakene er store og tunge å snu.", "Ansvarsgruppa møtes hver måned.",
    "Kommunikasjonen går via e-meldinger.", "Brukeren får «en fast kontakt» å ringe.",
]


def transcript_text(rng: random.Random, number: int, turns: int) -> str:
    lines = [f"Intervju {number}, Fjordvik kommune", ""]
    for turn in range(turns):
        lines.append(f"I: Spørsmål {turn + 1} om samhandling?")
        lines.append("")
        lines.append(f"K{number}: " + " ".join(rng.choice(PHRASES) for _ in range(3)))
        lines.append("")
    return "\n".join(lines)


def record(journal, **entry) -> None:
    entry["t"] = time.time()
    journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
    journal.flush()


def newest_change(project: Project, coder: str) -> changes.LoggedChange | None:
    found = changes.history(project.conn, 1, coder=coder)
    return found[0] if found else None


def spans_of(project: Project) -> list[tuple[str, int, int]]:
    """Every run of one to four consecutive sentences of the seed transcripts: the spans coders pick."""
    spans = []
    for label in (f"K{n}-intervju" for n in range(1, SEED_DOCUMENTS + 1)):
        sentences = project.units.proposed_boundaries(label)
        for i in range(len(sentences)):
            for j in range(i, min(i + 4, len(sentences))):
                spans.append((label, sentences[i][0], sentences[j][1]))
    return spans


def pick_span(rng: random.Random, spans, used: set, coder: str) -> tuple[str, int, int, str]:
    """A span and code this coder has not coded yet: sentences (which colleagues pick too) while there are
    any left, else any stretch of a transcript."""
    code = f"{coder.capitalize()}/Tema {rng.randrange(CODES_PER_CODER)}"
    for _ in range(20):
        label, start, end = rng.choice(spans)
        if (label, start, end, code) not in used:
            break
    else:
        while (label, start, end, code) in used:
            label, start, end = rng.choice(spans)
            start = rng.randrange(start, end - 1)
            end = rng.randrange(start + 1, end + 1)
    used.add((label, start, end, code))
    return label, start, end, code


def code_or_describe(project: Project, coder: str, rng: random.Random, spans, used: set, n: int, journal) -> None:
    """One new write of the coder's own: code a span (mostly) or rewrite the shared description."""
    before = newest_change(project, coder)
    if rng.random() < 0.15:
        value = f"{coder} skrev dette, nr. {n}: «felles» forståelse av samhandling"
        op, details = "describe", {"value": value}
        action = lambda: project.codebook.describe(SHARED_CODE, description=value)  # noqa: E731
    else:
        label, start, end, code = pick_span(rng, spans, used, coder)
        op, details = "code", {"document": label, "start": start, "end": end, "code": code}
        action = lambda: details.update(unit=project.units.create(label, start, end, codes=[code]))  # noqa: E731
    attempt(project, coder, op, details, action, before, journal)


def attempt(project, coder, op, details, action, before, journal) -> None:
    try:
        action()
    except QualcodeError as exc:
        record(journal, op=op, outcome="refused", reason=str(exc), **details)
        return
    except Exception as exc:  # noqa: BLE001  (a crash is a finding: recorded, reported, never hidden)
        record(journal, op=op, outcome="error", reason=f"{type(exc).__name__}: {exc}", **details)
        return
    after = newest_change(project, coder)
    if after is None or (before is not None and after.id == before.id):
        record(journal, op=op, outcome="refused", reason="nothing changed", **details)
        return
    record(journal, op=op, outcome="committed", change=after.id, reverts=after.reverts, **details)


def coder_process(path: str, coder: str, undoes: bool, seed: int, journal_path: str, clock) -> None:
    rng = random.Random(seed)
    with Project(path, coder=coder) as project, open(journal_path, "w", encoding="utf-8") as journal:
        spans = spans_of(project)
        used: set = set()
        stop_at = wait_for_start(clock)
        n = 0
        while time.time() < stop_at:
            n += 1
            choice = rng.random()
            if not undoes or choice < 0.45:
                code_or_describe(project, coder, rng, spans, used, n, journal)
            else:
                op = "undo" if choice < 0.8 else "redo"
                before = newest_change(project, coder)
                attempt(project, coder, op, {}, getattr(project.history, op), before, journal)


def import_process(path: str, folder: str, every: float, seed: int, journal_path: str, clock) -> None:
    rng = random.Random(seed)
    inbox = Path(folder)
    with Project(path, coder="import") as project, open(journal_path, "w", encoding="utf-8") as journal:
        project.documents.count_hits("kommune")  # loads the language pipeline before the clock starts
        stop_at = wait_for_start(clock)
        number = 100
        while time.time() < stop_at:
            number += 1
            label = f"K{number}-intervju"
            file = inbox / f"{label}.txt"
            file.write_text(transcript_text(rng, number, 3), encoding="utf-8")
            try:
                report = project.documents.import_files([file], workers=1)
            except Exception as exc:  # noqa: BLE001
                record(journal, op="import", outcome="error", reason=f"{type(exc).__name__}: {exc}", label=label)
                continue
            if report.imported:
                record(journal, op="import", outcome="committed", label=label)
            else:
                reason = "; ".join(f.reason for f in report.failed) or "skipped"
                record(journal, op="import", outcome="refused", reason=reason, label=label)
            time.sleep(every)


def wait_for_start(clock) -> float:
    """Say this process is ready, wait for the others and the start; returns when to stop."""
    ready, start_at, stop_at = clock
    ready.wait(timeout=180)
    while not start_at.value or time.time() < start_at.value:
        time.sleep(0.002)
    return stop_at.value


def seed_project(path: Path, folder: Path) -> None:
    rng = random.Random(1)
    with Project.create(path, language="nb", coder="oppsett") as project:
        files = []
        for n in range(1, SEED_DOCUMENTS + 1):
            file = folder / f"K{n}-intervju.txt"
            file.write_text(transcript_text(rng, n, 12), encoding="utf-8")
            files.append(file)
        project.documents.import_files(files, workers=1)
        project.codebook.add(SHARED_CODE, description="Slik begynte beskrivelsen")
        for coder in ("Kari", "Ola"):
            for k in range(CODES_PER_CODER):
                project.codebook.add(f"{coder}/Tema {k}")


def read_journal(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def verify(path: Path, journals: dict[str, list[dict]]) -> tuple[int, list[str]]:
    """Writes whose effect the final database does not show (lost), and problems found in the log."""
    lost: list[str] = []
    # ola's own stacks, from ola's own records: which of his writes stand at the end
    standing: dict[int, bool] = {}  # original change id -> stands
    origin: dict[int, int] = {}  # any change id (original, undo, redo) -> the original it concerns
    effective: dict[int, int] = {}  # original -> id of the change that last made it stand
    for coder, entries in journals.items():
        for entry in entries:
            if entry["outcome"] != "committed" or entry["op"] == "import":
                continue
            change_id = entry["change"]
            if entry["op"] in ("code", "describe"):
                origin[change_id] = change_id
                standing[change_id] = True
                effective[change_id] = change_id
            elif entry["reverts"] not in origin:
                lost.append(f"{coder}'s {entry['op']} #{change_id} took back #{entry['reverts']}, not {coder}'s own")
            else:
                first = origin[change_id] = origin[entry["reverts"]]
                standing[first] = entry["op"] == "redo"
                effective[first] = change_id
    with Project(path, coder="kontroll") as project:
        writes = [e for entries in journals.values() for e in entries if e["outcome"] == "committed"]
        units = {u.id: u for u in project.units.list()}
        for entry in writes:
            if entry["op"] == "code":
                present = entry["code"] in (units[entry["unit"]].codes if entry["unit"] in units else ())
                if present != standing[entry["change"]]:
                    lost.append(f"change #{entry['change']}: coding {entry['code']} of unit {entry['unit']} is "
                                f"{'missing' if standing[entry['change']] else 'still there after its undo'}")
        describes = [e for e in writes if e["op"] == "describe" and standing[e["change"]]]
        if describes:
            newest = max(describes, key=lambda e: effective[e["change"]])
            shared = project.codebook.tree()
            final = next(c.description for g in shared if g.name == "Samhandling" for c in g.children
                         if c.name == "Felles")
            if final != newest["value"]:
                lost.append(f"the shared description is {final!r}, not change #{newest['change']}'s "
                            f"{newest['value']!r}")
        labels = {d.label for d in project.documents.list()}
        for entry in writes:
            if entry["op"] == "import" and entry["label"] not in labels:
                lost.append(f"document {entry['label']} is missing")
        log = list(reversed(project.history.log()))
    return len(lost), lost + log_problems(log)


def log_problems(log: list[changes.LoggedChange]) -> list[str]:
    """Every undo/redo took back the top of its own coder's stack, never across a barrier."""
    problems = []
    done: dict[str, list[int]] = {}
    undone: dict[str, list[int]] = {}
    for change in log:
        if not change.undoable:
            done.clear()
            undone.clear()
        elif change.action in ("undo", "redo"):
            stack, other = (done, undone) if change.action == "undo" else (undone, done)
            mine = stack.setdefault(change.coder, [])
            if not mine or mine[-1] != change.reverts:
                problems.append(f"{change.action} #{change.id} by {change.coder} took #{change.reverts}, "
                                f"not the top of {change.coder}'s stack")
            elif change.reverts is not None:
                mine.pop()
            other.setdefault(change.coder, []).append(change.id)
        else:
            done.setdefault(change.coder, []).append(change.id)
            undone[change.coder] = []
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="Seconds the three processes run (default 60).")
    parser.add_argument("--import-every", type=float, default=0.5,
                        help="Pause in seconds between two imports (default 0.5).")
    parser.add_argument("--seed", type=int, default=11, help="Seed for the random choices (default 11).")
    options = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="qualcode-concurrency-") as temp:
        folder = Path(temp)
        (folder / "inbox").mkdir()
        path = folder / "felles.qualcode"
        seed_project(path, folder)
        ready, start_at, stop_at = context.Barrier(4), context.Value("d", 0.0), context.Value("d", 0.0)
        clock = (ready, start_at, stop_at)
        journal = {name: folder / f"{name}.jsonl" for name in ("kari", "ola", "import")}
        workers = [
            context.Process(target=coder_process,
                            args=(str(path), "kari", False, options.seed, str(journal["kari"]), clock)),
            context.Process(target=coder_process,
                            args=(str(path), "ola", True, options.seed + 1, str(journal["ola"]), clock)),
            context.Process(target=import_process,
                            args=(str(path), str(folder / "inbox"), options.import_every, options.seed + 2,
                                  str(journal["import"]), clock)),
        ]
        for worker in workers:
            worker.start()
        try:
            ready.wait(timeout=120)  # every process has opened the project
        except threading.BrokenBarrierError:
            for worker in workers:
                worker.terminate()
            sys.exit("a benchmark process did not start (see its traceback above)")
        begin = time.time() + 0.2
        stop_at.value = begin + options.duration
        start_at.value = begin
        for worker in workers:
            worker.join()
        journals = {name: read_journal(file) for name, file in journal.items()}
        duration = max((e["t"] for es in journals.values() for e in es), default=begin) - begin
        lost, problems = verify(path, journals)

    entries = [e for es in journals.values() for e in es]
    outcomes = Counter(e["outcome"] for e in entries)
    reasons = Counter(_reason_kind(e["reason"]) for e in entries if e["outcome"] != "committed")
    by_process = {name: dict(Counter(f"{e['op']} {e['outcome']}" for e in es)) for name, es in journals.items()}
    print(json.dumps({"by_process": by_process}, ensure_ascii=False))
    print(json.dumps({"refused_because": dict(reasons), "errors": outcomes["error"]}, ensure_ascii=False))
    for problem in problems[:20]:
        print(f"PROBLEM: {problem}")
    print(json.dumps({
        "writes_attempted": len(entries),
        "writes_committed": outcomes["committed"],
        "writes_refused": outcomes["refused"] + outcomes["error"],
        "writes_lost": lost,
        "duration_s": round(duration, 1),
    }))
    if lost or problems or outcomes["error"] or any(w.exitcode for w in workers):
        sys.exit(1)


def _reason_kind(reason: str) -> str:
    """Group refusal messages by kind: the first words, names and times left out."""
    for kind in ("nothing to undo", "nothing to redo", "nothing of", "was changed since", "was deleted since",
                 "brought back", "rests on", "cannot come back", "nothing changed", "busy"):
        if kind in reason:
            return kind
    return reason[:60]


if __name__ == "__main__":
    main()
