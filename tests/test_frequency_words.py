"""Word frequencies for a first reading: speaker labels are not words anybody said, the project language's
stop words are left out (spaCy's list and the question words and pronouns it lacks), and kept on request;
the CLI counts what the domain counts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.stc.step1_impression import without_labels

FOCUS_GROUP = """Fokusgruppe i Fjordvik

Moderator: Hva tenker dere om samarbeidet? Hvordan er det?

K3: Samarbeidet er bra fordi vi ringer hverandre. Hvis pasienten er dårlig, ringer vi.

Moderator: Hva med dere andre?

K4: Samarbeidet er tungt. Pasienten kommer hjem uten beskjed.

Moderator: Og hvordan merker dere det?

K5: Vi merker det på pasienten.
"""


def _focus_group(project, tmp_path):
    source = tmp_path / "fokusgruppe.txt"
    source.write_text(FOCUS_GROUP, encoding="utf-8")
    project.documents.import_files([source])
    return project


def test_speaker_labels_and_the_languages_stop_words_are_left_out(project, tmp_path):
    _focus_group(project, tmp_path)
    words = dict(project.impression.frequencies(by="document", top=50)["fokusgruppe"])
    assert "moderator" not in words
    assert not {"hva", "hvordan", "fordi", "hvis", "dere", "hverandre", "og", "er"} & set(words)
    assert words["samarbeide"] == 3 and words["pasient"] == 3  # samarbeidet, pasienten: one lemma each
    kept = dict(project.impression.frequencies(by="document", top=50, keep_stop_words=True)["fokusgruppe"])
    assert kept["hva"] == 2 and kept["dere"] == 3 and kept["og"] == 1
    assert "moderator" not in kept and kept["samarbeide"] == 3


def test_a_label_blanked_keeps_the_words_around_it():
    text = "Moderator: Hei.\n\nK3: Hallo."
    assert without_labels(text, [(0, 11), (17, 21)]) == " Hei.\n\n Hallo."


def test_the_cli_counts_what_the_domain_counts(project, tmp_path):
    _focus_group(project, tmp_path)
    runner = CliRunner()
    for extra, keep in (([], False), (["--keep-stop-words"], True)):
        shown = runner.invoke(cli, ["frequencies", str(project.path), "--top", "8", "--json", *extra])
        assert shown.exit_code == 0, shown.output
        expected = project.impression.frequencies(by="document", top=8, keep_stop_words=keep)
        assert {name: [tuple(pair) for pair in words] for name, words in json.loads(shown.output).items()} == expected
    assert "--keep-stop-words" in runner.invoke(cli, ["frequencies", "--help"]).output


def test_nynorsk_leaves_out_its_own_question_words(tmp_path):
    from qualcode.project import Project

    source = tmp_path / "intervju.txt"
    source.write_text("I: Kva tenkjer du?\n\nP1: Eg tenkjer at samarbeidet ikkje er godt. Korleis kan det bli betre?\n",
                      encoding="utf-8")
    with Project.create(tmp_path / "nn.qualcode", language="nn") as project:
        project.documents.import_files([source])
        words = dict(project.impression.frequencies(by="document")["intervju"])
    assert not {"kva", "eg", "ikkje", "korleis"} & set(words) and "samarbeid" in words
