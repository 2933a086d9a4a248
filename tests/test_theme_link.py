"""A theme's source noted after it was made: project.impression.link_passage and `qualcode theme link`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import QualcodeError


def test_a_passage_prompts_a_theme(project, transcript):
    project.documents.import_files([transcript])
    theme = project.impression.add_theme("Tillit")
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunens folk")
    project.impression.link_passage(theme, "K1-intervju", start, start + 34)
    (source,) = project.impression.themes()[0].sources
    assert (source.document, source.text) == ("K1-intervju", "Kommunens folk blir tatt på alvor.")
    with pytest.raises(QualcodeError, match="outside K1-intervju"):
        project.impression.link_passage(theme, "K1-intervju", start, len(text) + 1)
    project.history.undo()
    assert project.impression.themes()[0].sources == ()


def test_the_cli_links_a_document(project, transcript):
    project.documents.import_files([transcript])
    theme = project.impression.add_theme("Tillit")
    result = CliRunner().invoke(cli, ["theme", "link", str(project.path), str(theme), "--document", "K1-intervju"])
    assert result.exit_code == 0, result.output
    assert [s.document for s in project.impression.themes()[0].sources] == ["K1-intervju"]
