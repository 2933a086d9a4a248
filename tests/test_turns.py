"""Speaker turns only where people speak: not in timetables; QualCoder's [id1]; two K1 files in a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from files import write_docx

from qualcode.cli import cli
from qualcode.ingest.batch import participant_from_file_name
from qualcode.ingest.turns import find_turns, is_generic_participant

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"
CORPORA = ROOT / "corpora"

TIMETABLE = """Program for fagdagen om samhandling

Mandag 4. mars
09:00 Kaffe: Registrering og kaffe
09:30 Innledning: Om samarbeidsavtalen
11:30 Lunsj:
12:15 Gruppearbeid: Utskrivning og varsling
14:00 Pause:

Tirsdag 5. mars
09:00 Kaffe: Registrering
09:30 Innledning: Erfaringer fra kommunene
11:30 Lunsj:
12:15 Gruppearbeid: Ventetid i DPS
14:00 Pause:
"""


def run(*args, expect=0):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == expect, (result.output, result.stderr)
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "studie.qualcode"
    run("init", path, "--language", "nb")
    return path


def test_a_timetable_has_no_speaker_turns():
    assert find_turns(TIMETABLE) == []


def test_a_timetable_imports_as_text_without_turns_or_participants(project, tmp_path):
    path = tmp_path / "program.txt"
    path.write_text(TIMETABLE, encoding="utf-8")
    run("import", project, path)
    (document,) = json.loads(run("documents", project, "--json").output)
    assert document["turns"] == 0 and document["kind"] == "other"
    assert json.loads(run("participants", project, "--json").output) == []


@pytest.mark.skipif(not (REALWORLD / "ShayHill+docx2python").is_dir(), reason="shared real-world files absent")
def test_the_real_weekly_schedule_has_no_turns(project):
    run("import", project, REALWORLD / "ShayHill+docx2python" / "tests_resources_Weekly_Schedule.docx")
    shown = json.loads(run("show", project, "tests_resources_Weekly_Schedule", "--json").output)
    assert "Pre-Class Assignment: Functions" in shown["text"] and shown["turns"] == []


def test_named_speakers_who_talk_are_still_turns():
    text = ("Kari: Hvordan var møtet?\nOla: Det gikk greit, synes jeg.\nKari: Og kommunen?\n"
            "Ola: mm\nKari: ja\nOla: De ringte i går, men ingen svarte.\n")
    assert [t.speaker for t in find_turns(text)] == ["Kari", "Ola"] * 3


@pytest.mark.parametrize("name,speakers", [
    ("demo-nb/K1-intervju.txt", {"I", "K1"}), ("demo-nb/H2-intervju.txt", {"I", "H2"}),
    ("demo-nb/fokusgruppe-fjordvik.txt", {"Moderator", "K3", "K4", "K5", "K6"}),
    ("demo-en/M1-interview.txt", {"Interviewer", "M1"}),
    ("demo-en/focus-group-eastbrook.txt", {"Moderator", "M2", "M3", "M4", "S2"}),
])
def test_the_demo_transcripts_keep_their_speakers(name, speakers):
    text = (CORPORA / name).read_text(encoding="utf-8")
    turns = find_turns(text)
    assert {t.speaker for t in turns} == speakers
    assert len(turns) >= 30  # every turn, not a few: the demo files have 33 to 76


def test_qualcoder_bracketed_speakers():
    text = ("[id1] Jeg liker kurset, det har hjulpet meg.\n\n[id2] Lysbildene er for fulle.\n\n"
            "[ler] Ja, det er de.\n\n[id1] Enig, men det gikk greit.\n\n[id2] Nei.")
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["id1", "id2", "id1", "id2"]
    assert text[turns[1].start:turns[1].end] == "[id2] Lysbildene er for fulle.\n\n[ler] Ja, det er de."
    assert text[turns[0].body_start:].startswith("Jeg liker")


def test_a_bracketed_label_once_is_a_note_and_a_bracketed_time_still_a_time():
    assert find_turns("[K2] ringer tilbake senere.\nResten av notatet.") == []
    (turn, _) = find_turns("[00:01:23] Kari: ja\n[00:01:30] Kari: nei")
    assert (turn.speaker, turn.time_start) == ("Kari", 83.0)


@pytest.mark.skipif(not (REALWORLD / "ccbogel+QualCoder").is_dir(), reason="shared real-world files absent")
def test_qualcoders_example_transcript(project):
    run("import", project, REALWORLD / "ccbogel+QualCoder" / "Examples_transcript.txt")
    shown = json.loads(run("show", project, "Examples_transcript", "--json").output)
    assert [t["speaker"] for t in shown["turns"]] == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    assert sorted(p["label"] for p in json.loads(run("participants", project, "--json").output)) == [
        "id1", "id2", "id3"]


def interview(who: str) -> str:
    return f"Intervjuer: Hvordan går det nå?\n\nInformant: Bedre enn sist, sier {who}. Kommunen ringer oftere.\n"


def test_a_second_k1_from_another_folder_gets_a_label_with_its_folder(project, tmp_path):
    for folder in ("runde1", "runde2"):
        (tmp_path / folder).mkdir()
        write_docx(tmp_path / folder / "K1.docx", interview(f"K1 i {folder}").split("\n\n"))
    result = run("import", project, tmp_path / "runde1", tmp_path / "runde2")
    assert sorted(d["label"] for d in json.loads(run("documents", project, "--json").output)) == ["K1", "runde2/K1"]
    assert f"labelled runde2/K1: {tmp_path / 'runde2' / 'K1.docx'}" in result.stderr
    assert "failed" not in result.stderr
    assert "runde2" in run("show", project, "runde2/K1").output
    (k1,) = json.loads(run("participants", project, "--json").output)
    assert (k1["label"], k1["documents"]) == ("K1", 2)  # the same participant, interviewed twice


def test_a_third_k1_takes_as_many_folders_as_tell_it_apart(project, tmp_path):
    for folder in ("K1.txt", "a/runde2/K1.txt", "b/runde2/K1.txt"):
        path = tmp_path / folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(interview(folder), encoding="utf-8")
    run("import", project, tmp_path / "K1.txt", tmp_path / "a", tmp_path / "b")
    labels = sorted(d["label"] for d in json.loads(run("documents", project, "--json").output))
    assert labels == sorted(["K1", "runde2/K1", "b/runde2/K1"])


def test_a_label_taken_by_an_earlier_import_is_still_refused(project, tmp_path):
    (tmp_path / "K1.txt").write_text(interview("K1"), encoding="utf-8")
    run("import", project, tmp_path / "K1.txt")
    (tmp_path / "runde2").mkdir()
    (tmp_path / "runde2" / "K1.txt").write_text(interview("K1 igjen"), encoding="utf-8")
    result = run("import", project, tmp_path / "runde2" / "K1.txt", expect=1)
    assert "a different document is already labelled 'K1'" in result.stderr


@pytest.mark.parametrize("label,generic", [("Informant", True), ("INFORMANT", True), ("Inf", True), ("IP", True),
                                           ("R", True), ("Deltaker", True), ("Informant 2", False), ("K3", False),
                                           ("I", False), ("Kari", False)])
def test_generic_labels(label, generic):
    assert is_generic_participant(label) is generic


@pytest.mark.parametrize("name,participant", [
    ("K3.txt", "K3"), ("K3-intervju.docx", "K3"), ("H6_transkripsjon.odt", "H6"), ("P01 intervju.odt", "P01"),
    ("runde2/K1.docx", "K1"), ("intervju3.txt", None), ("notater.txt", None), ("K3intervju.txt", None),
])
def test_participant_from_file_name(name, participant):
    assert participant_from_file_name(Path(name)) == participant


def test_a_known_participant_in_a_file_name():
    assert participant_from_file_name(Path("Kari-intervju.txt"), ["Kari", "Ola"]) == "Kari"
    assert participant_from_file_name(Path("Karianne.txt"), ["Kari"]) is None
