"""One participant per interview, whatever the speaker label is called (Informant, IP, Deltaker ...)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from files import write_docx, write_odt

from qualcode.cli import cli


def run(*args, expect=0):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == expect, (result.output, result.stderr)
    return result


def interview(who: str, participant_label: str = "Informant", interviewer: str = "Intervjuer") -> str:
    """A short interview in which the participant is not named in the speaker labels."""
    return (
        f"{interviewer}: Hvordan opplever du samarbeidet med kommunen?\n\n"
        f"{participant_label}: For min del ({who}) går det bedre nå. Vi får beskjed før utskrivning, og "
        "det er ærlig talt en lettelse.\n\n"
        f"{interviewer}: Og når det ikke går?\n\n"
        f"{participant_label}: Da ringer jeg sykehuset selv. «Det tar tid», sier de på DPS-et.\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "studie.qualcode"
    run("init", path, "--language", "nb")
    return path


def participants(project: Path) -> dict[str, dict]:
    return {p["label"]: p for p in json.loads(run("participants", project, "--json").output)}


def turn_participants(project: Path, document: str) -> list[tuple[str, str | None]]:
    shown = json.loads(run("show", project, document, "--json").output)
    return [(t["speaker"], t["participant"]) for t in shown["turns"]]


def seven_interviews(folder: Path) -> Path:
    folder.mkdir()
    for number in range(1, 8):
        (folder / f"K{number}.txt").write_text(interview(f"K{number}"), encoding="utf-8")
    return folder


def test_seven_informant_transcripts_named_k1_to_k7_are_seven_participants(project, tmp_path):
    folder = seven_interviews(tmp_path / "intervjuer")
    result = run("import", project, folder)
    found = participants(project)
    assert sorted(found) == [f"K{n}" for n in range(1, 8)]
    assert all(p["documents"] == 1 and p["turns"] == 2 for p in found.values())
    assert turn_participants(project, "K3") == [("Intervjuer", None), ("Informant", "K3")] * 2
    assert "participant K3: Informant in K3 (from the file name)" in result.stderr
    assert "unnamed" not in result.stderr
    speakers = json.loads(run("speakers", project, "--json").output)
    assert sorted(s["participant"] for s in speakers if s["label"] == "Informant") == sorted(found)


@pytest.mark.parametrize("label", ["Inf", "IP", "Deltaker", "Respondent", "R", "B", "Interviewee", "Participant"])
def test_every_generic_label_is_the_documents_participant(project, tmp_path, label):
    for who in ("H1", "H2"):
        (tmp_path / f"{who}-intervju.txt").write_text(interview(who, label, "I"), encoding="utf-8")
    run("import", project, tmp_path / "H1-intervju.txt", tmp_path / "H2-intervju.txt")
    assert sorted(participants(project)) == ["H1", "H2"]
    assert turn_participants(project, "H2-intervju")[1] == (label, "H2")


def test_file_names_that_start_with_a_participant_label(project, tmp_path):
    write_docx(tmp_path / "K3-intervju.docx", interview("K3").split("\n\n"))
    paragraphs = "".join(f"<text:p>{p}</text:p>" for p in interview("H6").split("\n\n"))
    write_odt(tmp_path / "H6_transkripsjon.odt", paragraphs)
    (tmp_path / "runde2").mkdir()
    write_docx(tmp_path / "runde2" / "K1.docx", interview("K1").split("\n\n"))
    result = run("import", project, tmp_path / "K3-intervju.docx", tmp_path / "H6_transkripsjon.odt",
                 tmp_path / "runde2" / "K1.docx")
    assert sorted(participants(project)) == ["H6", "K1", "K3"]
    assert turn_participants(project, "K3-intervju")[1] == ("Informant", "K3")
    assert turn_participants(project, "H6_transkripsjon")[3] == ("Informant", "H6")
    assert turn_participants(project, "K1")[1] == ("Informant", "K1")
    assert result.stderr.count("(from the file name)") == 3


def test_participant_option_names_the_document(project, tmp_path):
    path = tmp_path / "opptak-mars.txt"
    path.write_text(interview("K3"), encoding="utf-8")
    result = run("import", project, path, "--participant", "K3")
    assert turn_participants(project, "opptak-mars") == [("Intervjuer", None), ("Informant", "K3")] * 2
    assert "participant K3: Informant in opptak-mars (from --participant)" in result.stderr


def test_participant_option_wins_over_the_file_name(project, tmp_path):
    path = tmp_path / "K1.txt"
    path.write_text(interview("K9"), encoding="utf-8")
    run("import", project, path, "--participant", "K9")
    assert sorted(participants(project)) == ["K9"]


@pytest.mark.parametrize("label,message", [("Informant", "says no more than"), ("I", "interviewer"),
                                           ("Intervjuer", "interviewer"), ("K:3", "bad participant label")])
def test_participant_option_refuses_a_label_that_names_nobody(project, tmp_path, label, message):
    path = tmp_path / "opptak.txt"
    path.write_text(interview("K3"), encoding="utf-8")
    result = run("import", project, path, "--participant", label, expect=1)
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert json.loads(run("documents", project, "--json").output) == []


def test_participant_option_that_finds_no_generic_label_says_so(project, tmp_path):
    path = tmp_path / "samtale.txt"
    path.write_text("I: Hvordan går det?\n\nK4: Det går fint, takk.\n", encoding="utf-8")
    result = run("import", project, path, "--participant", "K3")
    assert "--participant K3 named nobody" in result.stderr
    assert sorted(participants(project)) == ["K4"]


def test_csv_document_column_names_the_documents(project, tmp_path):
    (tmp_path / "opptak-mars.txt").write_text(interview("Kari"), encoding="utf-8")
    write_docx(tmp_path / "samtale-april.docx", interview("Ola").split("\n\n"))
    csv = tmp_path / "deltakere.csv"
    csv.write_text("label;rolle;document\nKari;sykepleier;opptak-mars.txt\nOla;fastlege;samtale-april\n",
                   encoding="utf-8")
    result = run("import", project, tmp_path / "opptak-mars.txt", tmp_path / "samtale-april.docx",
                 "--participants", csv)
    found = participants(project)
    assert found["Kari"]["attributes"] == {"rolle": "sykepleier"}  # the document column is no attribute
    assert found["Kari"]["turns"] == 2 and found["Ola"]["turns"] == 2
    assert turn_participants(project, "samtale-april")[3] == ("Informant", "Ola")
    assert "participant Kari: Informant in opptak-mars (from deltakere.csv)" in result.stderr
    assert "no speaker in the documents is labelled" not in result.stderr


def test_csv_names_a_document_imported_before(project, tmp_path):
    (tmp_path / "opptak-mars.txt").write_text(interview("Kari"), encoding="utf-8")
    run("import", project, tmp_path / "opptak-mars.txt")
    assert participants(project) == {}
    csv = tmp_path / "deltakere.csv"
    csv.write_text("label,dokument,rolle\nK7,opptak-mars,vernepleier\n", encoding="utf-8")
    run("participants", project, "--import", csv)
    assert participants(project)["K7"]["turns"] == 2
    assert turn_participants(project, "opptak-mars")[1] == ("Informant", "K7")


def test_a_document_whose_name_says_nothing_is_reported_with_the_command_that_names_it(project, tmp_path):
    path = tmp_path / "opptak-mars.txt"
    path.write_text(interview("K3"), encoding="utf-8")
    result = run("import", project, path)
    line = next(line for line in result.stderr.splitlines() if line.startswith("unnamed:"))
    assert line == (f"unnamed: Informant in opptak-mars is nobody yet; name the participant: "
                    f"qualcode speakers {project} --document opptak-mars --rename Informant LABEL")
    assert participants(project) == {}  # no participant called Informant
    listing = run("speakers", project).output
    assert "nobody named yet" in listing


def test_rename_names_the_generic_participant_afterwards_and_undo_takes_it_back(project, tmp_path):
    path = tmp_path / "opptak-mars.txt"
    path.write_text(interview("K3"), encoding="utf-8")
    run("import", project, path)
    result = run("speakers", project, "--document", "opptak-mars", "--rename", "Informant", "K3")
    assert "2 turns of Informant now K3" in result.stderr + result.stdout
    assert turn_participants(project, "opptak-mars") == [("Intervjuer", None), ("Informant", "K3")] * 2
    assert participants(project)["K3"]["turns"] == 2
    assert "Informant: For min del" in run("show", project, "opptak-mars").output  # the text keeps what was typed
    run("undo", project)
    assert participants(project) == {}
    assert turn_participants(project, "opptak-mars")[1] == ("Informant", None)


def test_rename_moves_a_wrongly_named_document_and_the_left_participant_goes(project, tmp_path):
    folder = seven_interviews(tmp_path / "intervjuer")
    run("import", project, folder)
    run("speakers", project, "--document", "K3", "--rename", "Informant", "K8")
    found = participants(project)
    assert "K3" not in found and found["K8"]["turns"] == 2 and len(found) == 7


def test_renaming_a_generic_label_everywhere_at_once_is_refused(project, tmp_path):
    folder = seven_interviews(tmp_path / "intervjuer")
    run("import", project, folder)
    before = run("speakers", project, "--json").output
    result = run("speakers", project, "--rename", "Informant", "K3", expect=1)
    assert "one document at a time" in result.stderr and len(result.stderr.splitlines()) == 1
    assert run("speakers", project, "--json").output == before


def test_unnamed_generic_labels_are_never_one_shared_participant(project, tmp_path):
    for name in ("opptak-mars", "opptak-april"):
        (tmp_path / f"{name}.txt").write_text(interview(name), encoding="utf-8")
    result = run("import", project, tmp_path / "opptak-mars.txt", tmp_path / "opptak-april.txt")
    assert result.stderr.count("unnamed:") == 2
    csv = tmp_path / "deltakere.csv"
    csv.write_text("label,rolle\nInformant,sykepleier\n", encoding="utf-8")  # a participant that is a role word
    run("participants", project, "--import", csv)
    assert participants(project)["Informant"]["turns"] == 0
    assert turn_participants(project, "opptak-april")[1] == ("Informant", None)


def test_a_focus_group_keeps_its_named_speakers_and_reports_the_generic_one(project, tmp_path):
    path = tmp_path / "K1-og-K2-fokusgruppe.txt"  # starts with a label, but a group has no one participant
    path.write_text(
        "Moderator: Velkommen. Hvordan er samarbeidet?\n\n"
        "K1: Det har blitt bedre det siste året.\n\n"
        "K2: Jeg er ikke helt enig, vi venter fortsatt.\n\n"
        "Kari: Hos oss går det greit.\n\n"
        "Deltaker: Kan jeg si noe? Vi har ikke fått noe skriftlig.\n\n"
        "Kari: Det stemmer, ja.\n\n"
        "K1: Takk for at du sier det.\n",
        encoding="utf-8",
    )
    result = run("import", project, path)
    found = participants(project)
    assert sorted(found) == ["K1", "K2", "Kari"]
    assert dict(turn_participants(project, "K1-og-K2-fokusgruppe"))["Deltaker"] is None
    assert "unnamed: Deltaker in K1-og-K2-fokusgruppe is nobody yet" in result.stderr
    documents = json.loads(run("documents", project, "--json").output)
    assert documents[0]["kind"] == "focus group"
    run("speakers", project, "--document", "K1-og-K2-fokusgruppe", "--rename", "Deltaker", "K5")
    assert participants(project)["K5"]["turns"] == 1


def test_the_chapter_and_the_counts_carry_the_documents_participant(project, tmp_path):
    folder = seven_interviews(tmp_path / "intervjuer")
    run("import", project, folder)
    code = "Samhandling/Beskjed før utskrivning"
    for who in ("K3", "K5"):
        run("code", project, "--document", who, "--quote", f"For min del ({who}) går det bedre nå.",
            "--code", code, "--create")
    counts = json.loads(run("counts", project, "--json").output)
    (subgroup,) = counts["subgroups"]
    assert subgroup["participants"] == ["K3", "K5"] and subgroup["total"] == 7
    matrix = counts["matrix"]
    assert matrix["participants"] == [f"K{n}" for n in range(1, 8)]
    assert [row[0] for row in matrix["units"]] == [0, 0, 1, 0, 1, 0, 0]
    chapter = tmp_path / "kapittel.md"
    run("export", "markdown", project, "-o", chapter, "--appendix")
    text = chapter.read_text(encoding="utf-8")
    assert "> ”For min del (K3) går det bedre nå.” K3" in text
    assert "> ”For min del (K5) går det bedre nå.” K5" in text
    assert "Informant\u201d" not in text and "” Informant" not in text
    table_rows = [line for line in text.splitlines() if line.startswith("| K")]
    assert [row.split("|")[1].strip() for row in table_rows[:7]] == [f"K{n}" for n in range(1, 8)]  # participant table
    assert "| K3 | 1 |" in text and "| K4 | 0 |" in text  # participant x code-group matrix
