"""Odd input at the command line: one line back, never a traceback, never a rewritten terminal."""

from __future__ import annotations

import time

from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.ingest.turns import SpeakerPattern
from qualcode.wording import printable, printable_keeping_styles

TITLE_AND_CLEAR = "\x1b]0;eid\x07\x1b[2J\x1b[H"


def test_terminal_control_is_left_out_of_names_and_output(project, tmp_path):
    runner = CliRunner()
    added = runner.invoke(cli, ["codebook", "add", str(project.path), f"Samhandling/{TITLE_AND_CLEAR}Varsling\x07",
                                "--description", "Når \x1b[31mkommunen\x1b[0m får vite"])
    assert added.exit_code == 0, added.output
    (group,) = project.codebook.tree()
    (code,) = group.children
    assert (code.name, code.description) == ("Varsling", "Når kommunen får vite")
    # a name that reached the file another way (an older qualcode) still prints harmlessly
    project.conn.execute("UPDATE codes SET name = ? WHERE id = ?", (f"Gammel{TITLE_AND_CLEAR}", group.id))
    shown = runner.invoke(cli, ["codebook", "show", str(project.path)])
    assert "\x1b" not in shown.output and "\x07" not in shown.output
    assert "Gammel" in shown.output


def test_printable_keeps_text_newlines_and_our_own_styles():
    assert printable("æ ø å « »\n\tsamarbeid m/ helseforetaket\x00\x9b2J") == "æ ø å « »\n\tsamarbeid m/ helseforetaket"
    assert printable_keeping_styles("\x1b[1mkommune\x1b[0m\x1b]8;;https://x\x1b\\lenke") == "\x1b[1mkommune\x1b[0mlenke"


def test_huge_numbers_and_odd_guides_are_one_line(project, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["uncode", str(project.path), "1" + "0" * 30])
    assert result.exit_code == 1 and "too large" in result.output and "Traceback" not in result.output
    guide = tmp_path / "guide.txt"
    guide.write_bytes("Tema 1: Samarbeid med kommunen\nTema 2: Pårørende og brukere\n".encode("cp1252"))
    result = runner.invoke(cli, ["theme", "from-guide", str(project.path), str(guide)])
    assert result.exit_code == 0, result.output
    assert [t.title for t in project.impression.themes()][-1].endswith("Pårørende og brukere")


def test_a_huge_quote_is_refused_at_once(project, transcript):
    project.documents.import_files([transcript])
    result = CliRunner().invoke(cli, ["code", str(project.path), "--document", "K1-intervju", "--code",
                                      "Samhandling/Varsling", "--create", "--quote", "Kommunen får " * 20_000])
    assert result.exit_code == 1 and "at most 10,000" in result.output
    assert project.units.list() == []


def test_a_catastrophic_speaker_pattern_costs_one_file_a_few_seconds(project, tmp_path, monkeypatch):
    monkeypatch.setattr(SpeakerPattern, "BUDGET_SECONDS", 0.5)  # 5 s in use; the rule is the same
    slow = tmp_path / "lang-linje.txt"
    slow.write_text("a" * 3000 + "b\n\nK1: Samarbeidet er bedre nå.\n", encoding="utf-8")
    good = tmp_path / "K2.txt"
    good.write_text("aaa: Jeg heter K2.\n", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["import", str(project.path), str(slow), str(good),
                                      "--speaker-pattern", r"(?P<speaker>(a|aa)+)$"])
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    assert "--speaker-pattern took over" in result.output and "Traceback" not in result.output
    assert "imported 1 document" in result.output


def test_huge_csv_cells_and_a_golden_nugget_of_zero_are_one_line(project, transcript, tmp_path):
    project.documents.import_files([transcript])
    runner = CliRunner()
    rows = tmp_path / "koding.csv"
    rows.write_text("document,quote,code\nK1-intervju," + "ord " * 40_000 + ",Samhandling/Varsling\n", encoding="utf-8")
    result = runner.invoke(cli, ["code", str(project.path), "--from", str(rows), "--create"])
    assert result.exit_code == 1 and "Traceback" not in result.output and "1 row could not" in result.output
    people = tmp_path / "deltakere.csv"
    people.write_text("label,notat\nK1," + "x" * 200_000 + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["participants", str(project.path), "--import", str(people)])
    assert result.exit_code == 0, result.output
    assert len(project.participants.list()[0].attributes["notat"]) == 200_000
    result = runner.invoke(cli, ["code", str(project.path), "--document", "K1-intervju", "--code",
                                 "Samhandling/Varsling", "--create", "--quote", "Samarbeidet er bedre nå."])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["condense", str(project.path), "Samhandling/Varsling", "--golden", "0"])
    assert result.exit_code == 1 and "unit 0 is not coded" in result.output
