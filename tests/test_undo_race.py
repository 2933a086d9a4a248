"""Undo racing other processes on one project file: a long transaction, an import, another undo.

Every actor is a separate process with its own connection (the CLI, or a small script through the
domain API), as when two researchers, or a researcher and a batch import, share a project.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from qualcode.project import Project
from qualcode.store.changes import audited

SAMARBEID = "Samhandling/Samarbeid"
CLI = "from qualcode.cli import main; main()"

# Holds one write transaction (BEGIN IMMEDIATE) for a while, then commits: a long import or a slow colleague.
HOLDER = r"""
import sys, time
from qualcode.project import Project
from qualcode.store.changes import audited

path, coder, kind, hold = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
with Project(path, coder=coder) as project:
    code_id = project.codebook.code_id("Samhandling/Samarbeid")
    if kind == "describe code":
        with audited(project.conn, coder, kind, "describe code Samhandling/Samarbeid") as writer:
            writer.update("codes", code_id, {"description": "Kari: samarbeid på tvers av nivåene"})
            print("holding", flush=True)
            time.sleep(hold)
    elif kind == "add code":
        with audited(project.conn, coder, kind, "add code Samhandling/Kø") as writer:
            writer.insert("codes", {"uid": "kari-ko", "parent_id": None, "name": "Kø", "created_at": "nå"})
            print("holding", flush=True)
            time.sleep(hold)
    else:  # as an import writes: one transaction, not undoable
        with audited(project.conn, coder, "import", "import K9-intervju (1 turns, 1 sentences)",
                     undoable=False) as writer:
            writer.insert("participants", {"label": "K9"})
            print("holding", flush=True)
            time.sleep(hold)
print("committed", flush=True)
"""

# Waits for a go-file, then undoes once: for two undos started at the same instant.
RACER = r"""
import json, os, sys, time
from qualcode.project import Project
from qualcode.store.changes import NothingToUndo, UndoRefused

path, coder, go = sys.argv[1], sys.argv[2], sys.argv[3]
with Project(path, coder=coder) as project:
    project.history.log(limit=1)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.0002)
    try:
        print(json.dumps(["ok", project.history.undo()]), flush=True)
    except NothingToUndo as exc:
        print(json.dumps(["nothing", str(exc)]), flush=True)
    except UndoRefused as exc:
        print(json.dumps(["refused", str(exc)]), flush=True)
"""

# Adds codes and undoes/redoes them, until told to stop: the undoer racing a real import.
UNDOER = r"""
import json, os, random, sys
from qualcode.errors import QualcodeError
from qualcode.project import Project

path, coder, stop = sys.argv[1], sys.argv[2], sys.argv[3]
rng = random.Random(7)
outcomes = {"ok": 0, "refused": 0}
with Project(path, coder=coder) as project:
    n = 0
    while not os.path.exists(stop) or n < 30:
        n += 1
        step = rng.choice(["add", "undo", "undo", "redo"])
        try:
            if step == "add":
                project.codebook.add(f"Ventetid/Kode {n}", description=f"Kode nummer {n}: «ventetid»")
            else:
                getattr(project.history, step)()
            outcomes["ok"] += 1
        except QualcodeError:
            outcomes["refused"] += 1
print(json.dumps(outcomes), flush=True)
"""


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=60)


def start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_for_line(process: subprocess.Popen, expected: str) -> None:
    line = process.stdout.readline().strip()
    assert line == expected, f"{line!r} (stderr: {process.stderr.read()})"


@pytest.fixture
def shared(tmp_path: Path, transcript: Path) -> Path:
    """A project that coder ola has worked in: one document, one code ola described."""
    path = tmp_path / "felles.qualcode"
    with Project.create(path, language="nb", coder="ola") as project:
        project.documents.import_files([transcript])
        project.codebook.add(SAMARBEID)
        project.codebook.describe(SAMARBEID, description="Ola: når partene får det til")
    return path


def description(path: Path) -> str:
    with Project(path, coder="kontroll") as project:
        return next(c.description for c in project.codebook.tree()[0].children if c.name == "Samarbeid")


def changes_of(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, coder, action, undoable, reverts FROM changes ORDER BY id").fetchall()
    finally:
        conn.close()


def check_log(path: Path) -> None:
    """Every undo and redo in the log took back the top of its own coder's stack, never across a barrier,
    and found every row of its target as the target had left it (it overwrote nothing newer)."""
    done: dict[str, list[int]] = defaultdict(list)
    undone: dict[str, list[int]] = defaultdict(list)
    coder_of: dict[int, str] = {}
    conn = sqlite3.connect(path)
    rows: dict[int, dict[tuple[str, int], tuple]] = defaultdict(dict)
    for change_id, table, row_id, before, after in conn.execute(
            "SELECT change_id, table_name, row_id, before, after FROM change_rows ORDER BY id"):
        first_before = rows[change_id].get((table, row_id), (before, None))[0]
        rows[change_id][(table, row_id)] = (first_before, after)
    for change_id, coder, action, undoable, reverts in changes_of(path):
        coder_of[change_id] = coder
        if not undoable:
            done.clear()
            undone.clear()
            continue
        if action in ("undo", "redo"):
            stack, other = (done, undone) if action == "undo" else (undone, done)
            assert stack[coder] and stack[coder][-1] == reverts, f"{action} #{change_id} by {coder} took #{reverts}"
            assert coder_of[reverts] == coder
            for key, (_, after) in rows[reverts].items():
                assert key in rows[change_id], f"{action} #{change_id} left {key} of #{reverts} alone"
                found = rows[change_id][key][0]
                assert (found and json.loads(found)) == (after and json.loads(after)), \
                    f"{action} #{change_id} overwrote a newer {key}"
            stack[coder].pop()
            other[coder].append(change_id)
        else:
            done[coder].append(change_id)
            undone[coder].clear()
    conn.close()


def test_undo_waits_for_a_long_transaction_on_the_same_row_and_refuses(shared):
    holder = start(HOLDER, str(shared), "kari", "describe code", "2.5")
    wait_for_line(holder, "holding")
    began = time.monotonic()
    result = run_cli("undo", str(shared), "--coder", "ola")  # blocks on the write lock until kari commits
    waited = time.monotonic() - began
    wait_for_line(holder, "committed")
    assert holder.wait(10) == 0
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"qualcode: cannot undo 'describe code {SAMARBEID}': code {SAMARBEID} "
                                    "was changed since by kari (describe code, ")
    assert result.stderr.count("\n") == 1 and waited > 1.0
    assert description(shared) == "Kari: samarbeid på tvers av nivåene"  # kari's write is kept
    assert [c for c in changes_of(shared) if c[2] == "undo"] == []
    check_log(shared)


def test_undo_waits_for_a_long_transaction_elsewhere_then_succeeds(shared):
    holder = start(HOLDER, str(shared), "kari", "add code", "2")
    wait_for_line(holder, "holding")
    result = run_cli("undo", str(shared), "--coder", "ola")
    wait_for_line(holder, "committed")
    assert holder.wait(10) == 0
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"undone: describe code {SAMARBEID}\n"
    assert description(shared) == ""
    with Project(shared, coder="kontroll") as project:
        assert "Kø" in [c.name for c in project.codebook.tree()]  # kari's code is there
    check_log(shared)


def test_undo_racing_an_import_does_not_cross_it_and_undo_keeps_working(shared):
    holder = start(HOLDER, str(shared), "kari", "import", "2")
    wait_for_line(holder, "holding")
    result = run_cli("undo", str(shared), "--coder", "ola")
    wait_for_line(holder, "committed")
    assert holder.wait(10) == 0
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("qualcode: nothing to undo: 'import K9-intervju (1 turns, 1 sentences)' (kari, ")
    assert description(shared) == "Ola: når partene får det til"
    # undo and redo go on working after the import
    assert run_cli("codebook", "add", str(shared), "Samhandling/Etter import", "--coder", "ola").returncode == 0
    assert run_cli("undo", str(shared), "--coder", "ola").stdout == "undone: add code Samhandling/Etter import\n"
    assert run_cli("redo", str(shared), "--coder", "ola").stdout == "redone: add code Samhandling/Etter import\n"
    check_log(shared)


def test_undo_and_redo_racing_a_real_import(shared, tmp_path):
    folder = tmp_path / "nye"
    folder.mkdir()
    for n in range(2, 14):
        (folder / f"K{n}-intervju.txt").write_text(
            f"I: Hvordan var ventetiden?\n\nK{n}: Ventetiden var lang, men kommunen ringte meg før jul.\n",
            encoding="utf-8")
    stop = tmp_path / "stopp"
    undoer = start(UNDOER, str(shared), "ola", str(stop))
    imported = run_cli("import", str(shared), str(folder), "--coder", "kari")
    stop.touch()
    out, err = undoer.communicate(timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert undoer.returncode == 0 and "Traceback" not in err, err
    outcomes = json.loads(out.splitlines()[-1])
    assert outcomes["ok"] > 0
    with Project(shared, coder="kontroll") as project:
        assert len(project.documents.list()) == 13
    check_log(shared)


def race_two_undos(path: Path, go: Path) -> list[list[str]]:
    racers = [start(RACER, str(path), "ola", str(go)) for _ in range(2)]
    for racer in racers:
        wait_for_line(racer, "ready")
    go.touch()
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=60)
        assert racer.returncode == 0 and "Traceback" not in err, err
        results.append(json.loads(out))
    go.unlink()
    return results


def test_two_undos_at_once_never_both_take_one_change(shared, tmp_path):
    go = tmp_path / "start"
    for round_ in range(5):  # one change to take back: exactly one of the two undos does
        with Project(shared, coder="ola") as project:
            with audited(project.conn, "kari", "settings", "set pipeline = ", undoable=False):
                pass  # a change nobody can undo: ola's stack starts again after it
            project.codebook.add(f"Ventetid/Runde {round_}")
            before = len(project.history.log())
        results = race_two_undos(shared, go)
        assert sorted(r[0] for r in results) == ["nothing", "ok"], results
        assert [r[1] for r in results if r[0] == "ok"] == [f"add code Ventetid/Runde {round_}"]
        assert len(changes_of(shared)) == before + 1
    with Project(shared, coder="ola") as project:  # two changes: each undo takes its own
        project.codebook.add("Ventetid/Første")
        project.codebook.add("Ventetid/Andre")
    results = race_two_undos(shared, go)
    assert sorted(results) == [["ok", "add code Ventetid/Andre"], ["ok", "add code Ventetid/Første"]]
    check_log(shared)


def test_one_coders_undo_leaves_anothers_coding_and_redo_alone(shared):
    path = str(shared)
    quote = ["--document", "K1-intervju", "--create"]
    assert run_cli("code", path, *quote, "--quote", "Kommunens folk blir tatt på alvor.",
                   "--code", "Samhandling/Tillit", "--coder", "ola").returncode == 0
    assert run_cli("undo", path, "--coder", "ola").returncode == 0  # ola's redo stack: that coding
    assert run_cli("code", path, *quote, "--quote", "Helseforetakene er store.",
                   "--code", "Samhandling/Størrelse", "--coder", "kari").returncode == 0
    assert run_cli("code", path, *quote, "--quote", "Samarbeidet er bedre nå.",
                   "--code", SAMARBEID, "--coder", "kari").returncode == 0

    nobody = run_cli("undo", path, "--coder", "per")
    assert nobody.returncode == 1 and "nothing of per's to undo" in nobody.stderr
    assert "is kari's, and only kari can undo it" in nobody.stderr
    assert run_cli("undo", path, "--coder", "kari").stdout.startswith("undone: unit K1-intervju")
    redone = run_cli("redo", path, "--coder", "ola")  # kari's changes did not clear it
    assert redone.returncode == 0 and redone.stdout.startswith("redone: unit K1-intervju"), redone.stderr

    with Project(shared, coder="kontroll") as project:
        coded = {(u.text, u.codes) for u in project.units.list()}
    assert ("Kommunens folk blir tatt på alvor.", ("Samhandling/Tillit",)) in coded
    assert ("Helseforetakene er store.", ("Samhandling/Størrelse",)) in coded  # kari's first coding stays
    assert not any(text.startswith("Samarbeidet er") for text, _ in coded)  # the one kari took back
    check_log(shared)
