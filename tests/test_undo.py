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
    assert [c for c in project.codebook.tree()[0].children] and len(project.codebook.tree()[0].children) == 1
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
