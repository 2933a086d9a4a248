"""A unit whose words a replace deleted waits for review: it is never an empty quote in the chapter, nor an
empty unit among step 3's units, and `qualcode document flagged` lists it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.demo import build_demo
from qualcode.project import Project

EMPTY_QUOTE = re.compile(r"^> ”[^\w”]*” ", re.MULTILINE)  # the demo is nb: quotes are ”…”


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo(built_demo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "prosjekt" / built_demo.name
    target.parent.mkdir()
    shutil.copy(built_demo, target)
    return target


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--coder", "demo"])
    assert result.exit_code == 0, result.output
    return result.output


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (speaker turn) holding text[start:end], with the blank line after it."""
    return text.rfind("\n", 0, start) + 1, text.index("\n\n", end) + 2


def test_a_unit_whose_words_are_gone_is_no_quote_and_waits_for_review(demo, tmp_path):
    with Project(demo, "demo") as project:
        text = project.documents.get("K1-intervju").text
        units = project.units.list(document="K1-intervju")
        # two coded passages of K1 go with their paragraphs: one unit among the chosen quotes of its subgroup,
        # the other the golden nugget of a subgroup whose quotes are not chosen (every unit is quoted)
        chosen_gone = next(u for u in units if u.text.startswith("Men like ofte så får vi en melding"))
        nugget_gone = next(u for u in units if u.text.startswith("Og en person som er motivert"))
        chosen_subgroup, nugget_subgroup = chosen_gone.codes[0], nugget_gone.codes[0]
        assert chosen_subgroup != nugget_subgroup
        kept_quote = next(u for u in project.condensing.subgroup_units(chosen_subgroup)
                          if u.document != "K1-intervju")
        assert not project.synthesizing.get(nugget_subgroup).quotes
        removed = sorted([paragraph_around(text, chosen_gone.start, chosen_gone.end),
                          paragraph_around(text, nugget_gone.start, nugget_gone.end)], reverse=True)
    fixed = text
    for start, end in removed:
        fixed = fixed[:start] + fixed[end:]
    corrected = tmp_path / "K1-intervju-rettet.txt"
    corrected.write_text(fixed, encoding="utf-8")

    run("synthesize", str(demo), chosen_subgroup, "--quotes", f"{chosen_gone.id},{kept_quote.id}")
    run("condense", str(demo), nugget_subgroup, "--golden", str(nugget_gone.id))
    report = run("document", "replace", str(demo), "K1-intervju", str(corrected))
    said = re.search(r"^flagged for review: ([\d, ]+)", report, re.MULTILINE)
    assert said and {chosen_gone.id, nugget_gone.id} <= {int(i) for i in said.group(1).split(",")}, report

    chapter = tmp_path / "kapittel.md"
    run("export", "markdown", str(demo), "-o", str(chapter))
    written = chapter.read_text(encoding="utf-8")
    quotes = [line for line in written.splitlines() if line.startswith("> ")]
    assert quotes, "the chapter quotes the demo's units"
    assert not EMPTY_QUOTE.search(written), [q for q in quotes if EMPTY_QUOTE.match(q + " ")]
    assert " ".join(kept_quote.text.split()) in written  # the chosen quote that kept its words is still there

    with Project(demo, "demo") as project:
        assert [u.id for u in project.synthesizing.quotes_for_export(chosen_subgroup)] == [kept_quote.id]
        exported = project.synthesizing.quotes_for_export(nugget_subgroup)
        assert exported and nugget_gone.id not in {u.id for u in exported}
        assert all(u.text.strip() for u in exported)
        step3 = project.condensing.subgroup_units(nugget_subgroup)
        assert step3 and nugget_gone.id not in {u.id for u in step3}
        assert "" not in project.condensing.decontextualised(nugget_subgroup)
        # the collapsed unit still belongs to its subgroup: a condensate resting on it can be written again
        project.condensing.set(nugget_subgroup, text="Vi får ikke plass når pasienten er motivert.",
                               unit_ids=[nugget_gone.id, step3[0].id])

    flagged = run("document", "flagged", str(demo))
    listed = re.findall(r"^unit (\d+) K1-intervju@\d+", flagged, re.MULTILINE)
    assert {chosen_gone.id, nugget_gone.id} <= set(map(int, listed))
    assert f"{len(listed)} units waiting for review" in flagged
    assert "no quote in the chapter" in flagged
