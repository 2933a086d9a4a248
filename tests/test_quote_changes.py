"""Step 4's quotes: each add, drop and move is one change whose log line (and undo) names it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import QualcodeError

SUBGROUP = "Samhandling/Varsling"


@pytest.fixture
def three_units(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    ids = []
    for quote in ("Samarbeidet er bedre nå.", "Kommunen får beskjed tidligere", "Helseforetakene er store."):
        start = text.index(quote)
        ids.append(project.units.create("K1-intervju", start, start + len(quote), codes=[SUBGROUP],
                                        create_codes=True))
    return project, ids


def _quotes(project) -> list[int]:
    return [u.id for u in project.synthesizing.get(SUBGROUP).quotes]


def test_a_move_drop_and_add_each_say_what_they_did_and_undo_says_it_too(three_units):
    project, (a, b, c) = three_units
    # none chosen yet: the chapter's own list (every unit) is where the first move starts from
    assert project.synthesizing.move_quote(SUBGROUP, c, -1) == f"quote {c} moved earlier in {SUBGROUP}"
    assert _quotes(project) == [a, c, b]
    assert project.synthesizing.drop_quote(SUBGROUP, a) == f"quote {a} dropped from {SUBGROUP}"
    assert project.synthesizing.add_quote(SUBGROUP, a) == f"quote {a} added to {SUBGROUP}"
    assert project.synthesizing.move_quote(SUBGROUP, c, 1) == f"quote {c} moved later in {SUBGROUP}"
    assert _quotes(project) == [b, c, a]
    assert project.history.undo() == f"quote {c} moved later in {SUBGROUP}"
    assert project.history.undo() == f"quote {a} added to {SUBGROUP}"
    assert project.history.undo() == f"quote {a} dropped from {SUBGROUP}"
    assert _quotes(project) == [a, c, b]
    assert project.history.redo() == f"quote {a} dropped from {SUBGROUP}"
    assert _quotes(project) == [c, b]


def test_what_cannot_be_done_is_one_line_and_changes_nothing(three_units):
    project, (a, b, c) = three_units
    project.synthesizing.set(SUBGROUP, quotes=[a, b])
    changes = len(project.history.log())
    with pytest.raises(QualcodeError, match=f"quote {a} of {SUBGROUP} is first already"):
        project.synthesizing.move_quote(SUBGROUP, a, -1)
    with pytest.raises(QualcodeError, match=f"unit {c} is not a quote"):
        project.synthesizing.drop_quote(SUBGROUP, c)
    with pytest.raises(QualcodeError, match=f"unit {b} is a quote of {SUBGROUP} already"):
        project.synthesizing.add_quote(SUBGROUP, b)
    project.synthesizing.drop_quote(SUBGROUP, b)
    with pytest.raises(QualcodeError, match="the only quote"):  # none chosen would quote every unit again
        project.synthesizing.drop_quote(SUBGROUP, a)
    assert _quotes(project) == [a] and len(project.history.log()) == changes + 1


def test_a_whole_list_from_the_cli_is_logged_as_the_one_change_it_makes(three_units, tmp_path):
    project, (a, b, c) = three_units
    path = str(project.path)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, [*args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    run("synthesize", path, SUBGROUP, "--quotes", f"{a},{b}")  # c dropped from the chapter's list
    assert f"undone: quote {c} dropped from {SUBGROUP}" in run("undo", path)
    run("synthesize", path, SUBGROUP, "--quotes", f"{a},{c},{b}")  # c one place earlier
    assert f"undone: quote {c} moved earlier in {SUBGROUP}" in run("undo", path)
    run("synthesize", path, SUBGROUP, "--quotes", f"{c},{b},{a}")
    assert f"undone: quotes of {SUBGROUP} set to {c}, {b}, {a}" in run("undo", path)
    run("synthesize", path, SUBGROUP, "--heading", "Beskjeden kommer tidligere", "--quotes", f"{b}")
    assert f"undone: synthesis of {SUBGROUP}" in run("undo", path)
