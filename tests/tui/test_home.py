"""The home screen and the step bar: where the analysis stands, on every screen and from the CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from textual.widgets import DataTable
from tui_helpers import settle

from qualcode.cli import cli
from qualcode.tui.widgets.step_bar import StepBar


@pytest.fixture
def started(project, transcript, tmp_path):
    csv = tmp_path / "deltakere.csv"
    csv.write_text("label;rolle;tjeneste\nK1;psykiatrisk sykepleier;Fjordvik kommune\n", encoding="utf-8")
    project.documents.import_files([transcript], participants_csv=csv)
    text = project.documents.get("K1-intervju").text
    start = text.index("Samarbeidet er bedre")
    project.units.create("K1-intervju", start, start + 40, codes=["Samhandling/Varsling"], create_codes=True)
    project.impression.add_theme("Tillit")
    return project


async def test_home_lists_documents_and_participants(started, open_app):
    app = open_app(started)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        documents = app.screen.query_one("#documents", DataTable)
        row = [str(cell) for cell in documents.get_row("K1-intervju")]
        assert row[:5] == ["K1-intervju", "interview", "unread",
                           f"{40 / len(started.documents.get('K1-intervju').text):.0%}", "1"]
        assert row[6:] == ["K1"]
        people = app.screen.query_one("#participants", DataTable)
        labels = [str(column.label) for column in people.columns.values()]
        assert labels[:3] == ["Label", "rolle", "tjeneste"]
        assert [str(cell) for cell in people.get_row("K1")][:3] == ["K1", "psykiatrisk sykepleier",
                                                                    "Fjordvik kommune"]



def _document_lines(app) -> dict[str, str]:
    """Each document's row of the table as the terminal shows it (the compositor's frame), by label; the
    rows under the header, in the table's order (all of them fit)."""
    table = app.screen.query_one("#documents", DataTable)
    frame = app.screen._compositor.render_full_update()
    rows = ["".join(strip.text for strip in row) for row in frame.strips]
    first = table.region.y + 1  # under the header
    return {str(key.value): rows[first + n] for n, key in enumerate(table.rows)}


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_each_document_shows_its_kind_whole(demo_copy, size):
    from qualcode.tui.app import make_app

    app = make_app(demo_copy, "tester")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        lines = _document_lines(app)
        documents = app.project.progress.documents()
        assert sorted(lines) == sorted(d.label for d in documents)
        kinds = {d.label: d.kind for d in documents}
        assert set(kinds.values()) == {"interview", "focus group"}
        for label, line in lines.items():
            assert f" {kinds[label]} " in f"{line} ", line  # whole: not 'focus gr', 'intervie'
        if size[0] < 100:  # the focus group's list runs past the edge; → scrolls to it
            await pilot.press("right", "right", "right", "right")
            await pilot.pause(0.5)
            lines = _document_lines(app)
        for d in documents:
            assert ", ".join(d.participants) in lines[d.label]
    app.project.close()


async def test_the_step_bar_is_on_every_step_and_follows_the_work(started, open_app):
    app = open_app(started)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        expected = "1 Impression 0/1 read · 1 theme │ 2 Units 1 · 1 group │ 3 Condensed 0/1 │ 4 Written 0/1"
        for key in "01234":
            await pilot.press(key)
            await settle(app, pilot)
            bar = app.screen.query_one(StepBar)
            assert expected in str(bar.render()), key
            assert bar.step == int(key)
        await pilot.press("2", "r")  # mark the transcript read, in step 2
        await settle(app, pilot)
        assert "1 Impression 1/1 read" in str(app.screen.query_one(StepBar).render())
        await pilot.press("0")
        await settle(app, pilot)
        assert "1 Impression 1/1 read" in str(app.screen.query_one(StepBar).render())  # shown again, read again
        assert str(app.screen.query_one("#documents", DataTable).get_row("K1-intervju")[2]) == "read"


@pytest.mark.parametrize("width", [80, 100, 200])
def test_the_step_bar_fits_its_terminal(started, width):
    bar = StepBar(2)
    bar.show(started.progress.steps())
    labels = bar.line(width)
    assert cell_len(" " + StepBar.SEPARATOR.join(labels)) <= width
    assert [label.split()[0] for label in labels] == ["0", "1", "2", "3", "4"]
    if width >= 120:
        assert labels[1] == "1 Impression 0/1 read · 1 theme"
    assert labels[2] in ("2 Units 1 · 1 group", "2 Units 1") and len(labels[2]) >= len(labels[3]) - 6  # its own step
    assert not any(word in label.split() for label in labels for word in ("th", "gr", "Cond"))  # no cut words


def test_on_80_columns_the_current_step_keeps_its_words():
    from qualcode.progress import StepProgress

    progress = StepProgress(12, 6, 15, 159, 4, 10, 8, 6, 3)  # documents, read, themes, units, groups, ...
    for step in range(5):
        bar = StepBar(step)
        bar.show(progress)
        labels = bar.line(80)
        assert cell_len(" " + StepBar.SEPARATOR.join(labels)) <= 80
        if step:
            assert labels[step].split()[1] in ("Impression", "Read", "Units", "Condensed", "Written"), labels


def test_the_cli_says_what_the_step_bar_says(started):
    result = CliRunner().invoke(cli, ["status", str(started.path)], env={"QUALCODE_CODER": "tester"})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["1 Impression  0/1 read · 1 theme", "2 Units       1 · 1 group",
                                          "3 Condensed   0/1", "4 Written     0/1 · checked 0/1"]
    as_json = CliRunner().invoke(cli, ["status", str(started.path), "--json", "--documents"])
    assert '"coded_share"' in as_json.output and '"subgroups": 1' in as_json.output
