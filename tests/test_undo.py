"""Undo and redo from the audit log: a rename, a merge of two codes and a deleted unit."""

from __future__ import annotations

import pytest

from qualcode.errors import QualcodeError

TABLES = ("codes", "units", "codings", "condensates", "condensate_units", "syntheses", "synthesis_quotes", "themes")


def snapshot(project):
    return {table: project.conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES}


@pytest.fixture
def coded(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    a = project.units.create("K1-intervju", text.index("Samarbeidet er"), text.index("nå.") + 3,
                             codes=["Samhandling/Samarbeid"], create_codes=True)
    b = project.units.create("K1-intervju", text.index("Kommunen får"), text.index("tidligere") + 9,
                             codes=["Samhandling/Varsling"], create_codes=True)
    project.units.code(b, "Samhandling/Samarbeid")
    project.condensing.set("Samhandling/Varsling", text="Vi får beskjed tidligere nå.", unit_ids=[b], golden=b)
    project.synthesizing.set("Samhandling/Samarbeid", heading="Bedre samarbeid", quotes=[a, b])
    return project, a, b


def test_undo_rename_merge_and_delete_restores_everything(coded):
    project, a, b = coded
    before = snapshot(project)
    project.codebook.rename("Samhandling/Samarbeid", "Samarbeid og kontakt")
    after_rename = snapshot(project)
    project.codebook.merge("Samhandling/Varsling", "Samhandling/Samarbeid og kontakt")
    after_merge = snapshot(project)
    assert len(project.codebook.tree()[0].children) == 1
    project.units.delete(b)
    assert not project.units.get([b])

    assert project.history.undo().startswith("delete unit")
    assert snapshot(project) == after_merge
    assert project.history.undo().startswith("merge code")
    assert snapshot(project) == after_rename
    assert project.history.undo().startswith("rename code")
    assert snapshot(project) == before

    project.history.redo()
    assert snapshot(project) == after_rename
    project.history.redo()
    assert snapshot(project) == after_merge
    entries = [e.action for e in project.history.log(limit=6)]
    assert entries[:5] == ["redo", "redo", "undo", "undo", "undo"]


def test_a_new_change_clears_redo_and_import_stops_undo(coded, tmp_path):
    project, a, b = coded
    project.codebook.rename("Samhandling/Varsling", "Beskjed")
    project.history.undo()
    project.codebook.add("Samhandling/Ny")
    with pytest.raises(QualcodeError, match="nothing to redo"):
        project.history.redo()
    other = tmp_path / "K2.txt"
    other.write_text("K2: Kommunen svarer.", encoding="utf-8")
    project.documents.import_files([other])
    with pytest.raises(QualcodeError, match="nothing to undo"):
        project.history.undo()


def test_undo_via_cli(coded):
    from click.testing import CliRunner

    from qualcode.cli import (
        cli,
        history,  # noqa: F401
    )

    project, _, _ = coded
    project.codebook.rename("Samhandling/Varsling", "Beskjed")
    path = str(project.path)
    result = CliRunner().invoke(cli, ["undo", path])
    assert result.exit_code == 0 and "rename code Samhandling/Varsling to Beskjed" in result.output
    assert [c.name for c in project.codebook.tree()[0].children] == ["Samarbeid", "Varsling"]
    log = CliRunner().invoke(cli, ["log", path, "--limit", "2"]).output.splitlines()
    assert "undo: rename code" in log[0]


# One coder's undo never takes back newer work, nor anybody else's.

from qualcode.project import Project  # noqa: E402
from qualcode.store import changes  # noqa: E402

SAMARBEID = "Samhandling/Samarbeid"


def as_coder(project, coder):
    """The same project file opened by another coder: a connection of its own."""
    return Project(project.path, coder=coder)


def log_length(project):
    return len(project.history.log())


def test_undo_refuses_when_a_colleague_changed_the_row_since(coded):
    project, _, _ = coded
    project.codebook.describe(SAMARBEID, description="Når partene får til å jobbe sammen")
    with as_coder(project, "kari") as kari:
        kari.codebook.describe(SAMARBEID, description="Kari: samarbeid på tvers av nivåene")
    before, length = snapshot(project), log_length(project)
    with pytest.raises(changes.UndoRefused) as refused:
        project.history.undo()
    message = str(refused.value)
    assert message.startswith(f"cannot undo 'describe code {SAMARBEID}': code {SAMARBEID} was changed since by kari")
    assert "(describe code, " in message and "\n" not in message
    assert snapshot(project) == before and log_length(project) == length  # nothing written
    assert project.codebook.tree()[0].children[0].description == "Kari: samarbeid på tvers av nivåene"


def test_undo_waits_for_the_colleague_to_undo_first(coded):
    project, _, _ = coded
    project.codebook.describe(SAMARBEID, description="Første beskrivelse")
    with as_coder(project, "kari") as kari:
        kari.codebook.describe(SAMARBEID, description="Karis beskrivelse")
        with pytest.raises(changes.UndoRefused):
            project.history.undo()
        assert kari.history.undo() == f"describe code {SAMARBEID}"
    assert project.history.undo() == f"describe code {SAMARBEID}"
    assert project.codebook.tree()[0].children[0].description == ""


def test_undo_and_redo_take_back_only_this_coders_changes(coded):
    project, a, b = coded
    text = project.documents.get("K1-intervju").text
    with as_coder(project, "kari") as kari:
        mine = project.units.create("K1-intervju", text.index("Kommunens folk"), text.index("alvor.") + 6,
                                    codes=["Samhandling/Tillit"], create_codes=True)
        project.history.undo()  # tester's redo stack: the coding of «Kommunens folk»
        hers = kari.units.create("K1-intervju", text.index("Helseforetakene er"), text.index("store.") + 6,
                                 codes=[SAMARBEID])
        assert kari.history.undo().startswith("unit K1-intervju")
        assert not kari.units.get([hers])
        assert kari.history.redo().startswith("unit K1-intervju")  # her own redo stack is hers
        assert kari.units.get([hers])[0].codes == (SAMARBEID,)
        # kari's change neither entered tester's stacks nor cleared tester's redo
        assert project.history.redo().startswith("unit K1-intervju")
        assert project.units.get([mine])[0].codes == ("Samhandling/Tillit",)
        assert kari.units.get([hers])[0].codes == (SAMARBEID,)
        assert project.history.undo().startswith("unit K1-intervju")
        assert not project.units.get([mine])
        assert kari.units.get([hers])[0].codes == (SAMARBEID,)  # tester's undo left kari's coding alone


def test_a_coder_with_nothing_is_told_whose_change_it_would_be(coded):
    project, _, _ = coded
    with as_coder(project, "kari") as kari:
        kari.codebook.rename("Samhandling/Varsling", "Beskjed")
        length = log_length(project)
        with as_coder(project, "per") as per, pytest.raises(changes.NothingToUndo) as nothing:
            per.history.undo()
    message = str(nothing.value)
    assert message.startswith("nothing of per's to undo: the newest change, #")
    assert "'rename code Samhandling/Varsling to Beskjed', is kari's, and only kari can undo it" in message
    assert log_length(project) == length
    assert sorted(c.name for c in project.codebook.tree()[0].children) == ["Beskjed", "Samarbeid"]


def test_a_new_change_clears_only_its_own_coders_redo(coded):
    project, _, _ = coded
    with as_coder(project, "kari") as kari:
        project.codebook.rename("Samhandling/Varsling", "Beskjed")
        kari.codebook.add("Samhandling/Karis kode")
        project.history.undo()
        kari.history.undo()
        project.codebook.add("Samhandling/Ny")  # clears tester's redo stack, not kari's
        with pytest.raises(changes.NothingToUndo, match="^nothing to redo: your change 'add code Samhandling/Ny'"):
            project.history.redo()
        assert kari.history.redo() == "add code Samhandling/Karis kode"


def test_redo_refuses_when_the_row_was_changed_since(coded):
    project, _, _ = coded
    project.codebook.describe(SAMARBEID, description="Min beskrivelse")
    project.history.undo()
    with as_coder(project, "kari") as kari:
        kari.codebook.describe(SAMARBEID, description="Karis beskrivelse")
    length = log_length(project)
    with pytest.raises(changes.UndoRefused, match=f"^cannot redo 'describe code {SAMARBEID}': .* by kari"):
        project.history.redo()
    assert log_length(project) == length
    assert project.codebook.tree()[0].children[0].description == "Karis beskrivelse"


def test_undo_refuses_to_delete_what_a_colleagues_work_rests_on(coded):
    project, _, _ = coded
    text = project.documents.get("K1-intervju").text
    start, end = text.index("Kommunens folk"), text.index("alvor.") + 6
    unit = project.units.create("K1-intervju", start, end, codes=["Samhandling/Tillit"], create_codes=True)
    with as_coder(project, "kari") as kari:
        assert kari.units.create("K1-intervju", start, end, codes=[SAMARBEID]) == unit  # the same unit
    before, length = snapshot(project), log_length(project)
    with pytest.raises(changes.UndoRefused) as refused:
        project.history.undo()
    assert f"the coding of unit {unit} with code {SAMARBEID} by kari was added since by kari" in str(refused.value)
    assert str(refused.value).endswith(f"and rests on unit {unit}")
    assert snapshot(project) == before and log_length(project) == length


def test_undo_a_named_change(coded):
    project, _, _ = coded
    with as_coder(project, "kari") as kari:
        kari.codebook.add("Samhandling/Karis kode")
        hers = project.history.log(limit=1)[0].id
        project.codebook.add("Samhandling/Første")
        project.codebook.add("Samhandling/Andre")
        first, second = (e.id for e in project.history.log(limit=2)[::-1])
        with pytest.raises(changes.UndoRefused, match=f"#{hers} .* is kari's change, and only kari can undo it"):
            changes.undo(project.conn, "tester", change=hers)
        with pytest.raises(changes.UndoRefused, match=f"newest change first \\(#{second} "):
            changes.undo(project.conn, "tester", change=first)
        assert changes.undo(project.conn, "tester", change=second) == "add code Samhandling/Andre"
        with pytest.raises(changes.UndoRefused, match="undone already"):
            changes.undo(project.conn, "tester", change=second)
        assert kari.history.undo() == "add code Samhandling/Karis kode"


def test_an_import_is_a_barrier_for_every_coder(coded, tmp_path):
    project, _, _ = coded
    project.codebook.rename("Samhandling/Varsling", "Beskjed")
    other = tmp_path / "K2.txt"
    other.write_text("K2: Kommunen svarer raskere på henvendelser nå.", encoding="utf-8")
    with as_coder(project, "kari") as kari:
        kari.documents.import_files([other])
    with pytest.raises(changes.NothingToUndo) as nothing:
        project.history.undo()
    assert str(nothing.value).startswith("nothing to undo: 'import K2")
    assert "(kari, " in str(nothing.value) and str(nothing.value).endswith("undo does not go back past it")


def old_stacks(conn):
    """The single-stack replay of earlier versions, kept to show what their logs did to it."""
    done, undone = [], []
    for change_id, action, undoable, reverts in conn.execute("SELECT id, action, undoable, reverts FROM changes"):
        if action == "undo":
            done.remove(reverts)
            undone.append(change_id)
        elif action == "redo":
            undone.remove(reverts)
            done.append(change_id)
        elif undoable:
            done.append(change_id)
            undone.clear()
        else:
            done.clear()
            undone.clear()


def log_an_old_undo(conn, coder, target):
    """What an earlier version wrote: an undo of `target`, whatever came between."""
    summary = conn.execute("SELECT summary FROM changes WHERE id = ?", (target,)).fetchone()[0]
    rows = conn.execute("SELECT table_name, row_id, before FROM change_rows WHERE change_id = ? ORDER BY id DESC",
                        (target,)).fetchall()
    with changes.transaction(conn):
        writer = changes.Writer(conn)
        for table, row_id, before in rows:
            writer.restore(table, row_id, changes._load(before))
        changes._append(conn, coder, "undo", f"undo: {summary}", writer.rows, undoable=True, reverts=target)


def test_a_log_written_in_the_old_bad_order_stays_readable(coded, tmp_path):
    project, _, _ = coded
    project.codebook.rename("Samhandling/Varsling", "Beskjed")
    renamed = project.history.log(limit=1)[0].id
    other = tmp_path / "K2.txt"
    other.write_text("K2: Kommunen svarer.", encoding="utf-8")
    project.documents.import_files([other])
    log_an_old_undo(project.conn, "tester", renamed)  # chosen before the import, logged after it
    with pytest.raises(ValueError, match="list.remove"):
        old_stacks(project.conn)

    with pytest.raises(changes.NothingToUndo, match="^nothing to undo: 'import K2"):
        project.history.undo()
    assert project.history.redo() == "rename code Samhandling/Varsling to Beskjed"  # the old undo, redone
    assert sorted(c.name for c in project.codebook.tree()[0].children) == ["Beskjed", "Samarbeid"]
    assert project.history.undo() == "rename code Samhandling/Varsling to Beskjed"
    project.codebook.add("Samhandling/Ny")
    assert project.history.undo() == "add code Samhandling/Ny"
    assert project.history.redo() == "add code Samhandling/Ny"


def test_an_old_cross_coder_undo_stays_readable(coded):
    project, _, _ = coded
    with as_coder(project, "kari") as kari:
        project.codebook.add("Samhandling/Første")
        first = project.history.log(limit=1)[0].id
        project.codebook.add("Samhandling/Andre")
        second = project.history.log(limit=1)[0].id
        log_an_old_undo(project.conn, "kari", second)  # earlier versions let kari undo tester's change
        assert project.history.undo() == "add code Samhandling/Første"  # tester's stack skips what is gone
        assert not [c for c in project.codebook.tree()[0].children if c.name in ("Første", "Andre")]
        assert project.history.undo() == f"synthesis of {SAMARBEID}"  # then the fixture's own changes
        assert kari.history.redo() == "add code Samhandling/Andre"  # kari's old undo is hers to redo
        assert [c.name for c in project.codebook.tree()[0].children if c.name == "Andre"] == ["Andre"]
        assert kari.history.undo() == "add code Samhandling/Andre"
    assert first < second


def test_undo_refusals_are_one_line_in_the_cli(coded):
    from click.testing import CliRunner

    from qualcode.cli import cli, history  # noqa: F401

    project, _, _ = coded
    project.codebook.describe(SAMARBEID, description="Min beskrivelse")
    with as_coder(project, "kari") as kari:
        kari.codebook.describe(SAMARBEID, description="Karis beskrivelse")
    path = str(project.path)
    refused = CliRunner().invoke(cli, ["undo", path, "--coder", "tester"])
    assert refused.exit_code == 1 and refused.exception is None or isinstance(refused.exception, SystemExit)
    assert refused.output.count("\n") == 1 and "was changed since by kari" in refused.output
    other = CliRunner().invoke(cli, ["undo", path, "--coder", "per"])
    assert other.exit_code == 1 and "is kari's, and only kari can undo it" in other.output
    named = CliRunner().invoke(cli, ["undo", path, "--coder", "tester", "--change",
                                     str(project.history.log(limit=1)[0].id)])
    assert named.exit_code == 1 and "is kari's change" in named.output


def write_a_long_log(project, changes_wanted: int, coders: list[str]) -> None:
    """A log of describe-code changes by several coders, some of them undone, written straight into the file."""
    import json
    import random

    rng = random.Random(3)
    conn = project.conn
    columns = ("id", "uid", "parent_id", "name", "description", "colour", "position", "created_at", "theme_id")
    image = ('{{"id": {0}, "uid": "uid-{0}", "parent_id": null, "name": "Kode {0}", "description": {1}, '
             '"colour": "", "position": {0}, "created_at": "2026-01-01T00:00:00+00:00", "theme_id": null}}')
    descriptions = dict.fromkeys(range(1, 1001), "")
    stacks: dict[str, list[tuple[int, int, str, str]]] = {coder: [] for coder in coders}
    log, rows = [], []
    next_id = conn.execute("SELECT max(id) FROM changes").fetchone()[0] + 1
    for change_id in range(next_id, next_id + changes_wanted):
        coder = rng.choice(coders)
        stack = stacks[coder]
        if stack and rng.random() < 0.1 and descriptions[stack[-1][1]] == stack[-1][3]:
            target, code_id, before, after = stack.pop()
            log.append((change_id, coder, "undo", f"undo: describe code Kode {code_id}", target))
            rows.append((change_id, "codes", code_id, image.format(code_id, json.dumps(after, ensure_ascii=False)),
                         image.format(code_id, json.dumps(before, ensure_ascii=False))))
            descriptions[code_id] = before
            continue
        code_id = rng.randrange(1, 1001)
        before, after = descriptions[code_id], f"beskrivelse {change_id} av {coder}: «nøkkelord» og ærlige svar"
        stack.append((change_id, code_id, before, after))
        log.append((change_id, coder, "describe code", f"describe code Kode {code_id}", None))
        rows.append((change_id, "codes", code_id, image.format(code_id, json.dumps(before, ensure_ascii=False)),
                     image.format(code_id, json.dumps(after, ensure_ascii=False))))
        descriptions[code_id] = after
    with changes.transaction(conn):
        conn.executemany(f"INSERT INTO codes ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         [(i, f"uid-{i}", None, f"Kode {i}", text, "", i, "2026-01-01T00:00:00+00:00", None)
                          for i, text in descriptions.items()])
        conn.executemany("INSERT INTO changes (id, at, coder, action, summary, undoable, reverts)"
                         " VALUES (?, '2026-01-01T00:00:00+00:00', ?, ?, ?, 1, ?)", log)
        conn.executemany("INSERT INTO change_rows (change_id, table_name, row_id, before, after)"
                         " VALUES (?, ?, ?, ?, ?)", rows)


def test_undo_and_redo_stay_fast_on_a_100000_change_log(project):
    import statistics
    import time

    write_a_long_log(project, 100_000, ["tester", "kari", "ola", "per", "siri"])
    assert project.history.log(limit=1)[0].id > 100_000
    timings = []
    for step in ["undo"] * 20 + ["redo"] * 20 + ["undo"] * 5:
        began = time.perf_counter()
        assert getattr(project.history, step)().startswith("describe code Kode ")
        timings.append(time.perf_counter() - began)
    with as_coder(project, "nybegynner") as newcomer:
        began = time.perf_counter()
        with pytest.raises(changes.NothingToUndo, match="^nothing of nybegynner's to undo: the newest change"):
            newcomer.history.undo()
        timings.append(time.perf_counter() - began)
    print(f"undo/redo on a 100,000-change log: median {statistics.median(timings) * 1000:.2f} ms, "
          f"slowest {max(timings) * 1000:.2f} ms")
    assert max(timings) < 0.25  # a full replay of the log in Python takes longer than this on its own


def test_undo_refuses_to_bring_back_what_rests_on_a_deleted_row(coded):
    project, a, _ = coded
    project.units.uncode(a, SAMARBEID)
    with as_coder(project, "kari") as kari:
        kari.units.delete(a)
    before, length = snapshot(project), log_length(project)
    with pytest.raises(changes.UndoRefused) as refused:
        project.history.undo()
    assert str(refused.value).startswith(f"cannot undo 'uncode unit {a} {SAMARBEID}': unit {a}, which the coding of "
                                         f"unit {a} with code {SAMARBEID} by tester belongs to, was deleted since by "
                                         "kari (delete unit, ")
    assert snapshot(project) == before and log_length(project) == length


def test_undo_refuses_to_take_back_a_name_a_colleague_has_taken_since(coded):
    project, _, _ = coded
    project.codebook.rename("Samhandling/Varsling", "Beskjed")
    with as_coder(project, "kari") as kari:
        kari.codebook.add("Samhandling/Varsling", description="Karis nye kode med det gamle navnet")
    length = log_length(project)
    with pytest.raises(changes.UndoRefused, match="^cannot undo 'rename code Samhandling/Varsling to Beskjed': code "
                                                  "Samhandling/Varsling cannot be put back as it was"):
        project.history.undo()
    assert log_length(project) == length
    assert sorted(c.name for c in project.codebook.tree()[0].children) == ["Beskjed", "Samarbeid", "Varsling"]
