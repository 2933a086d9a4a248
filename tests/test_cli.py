"""The command line: one shape for every command, --json, --help with examples, one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qualcode.cli import cli, corpus, history, launch, main  # noqa: F401  # noqa: F401  (register commands)


def run(*args, expect=0):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == expect, (result.output, result.stderr if hasattr(result, "stderr") else "")
    return result


@pytest.fixture
def project_path(tmp_path, transcript):
    path = tmp_path / "studie.qualcode"
    run("init", path, "--language", "nb")
    csv = tmp_path / "deltakere.csv"
    csv.write_text("label,rolle\nK1,sykepleier\n", encoding="utf-8")
    run("import", path, transcript, "--participants", csv, "--coder", "kari")
    return path


def _commands(group, prefix=()):
    import click

    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example():
    names = list(_commands(cli))
    assert len(names) > 30
    for name in names:
        result = run(*name, "--help")
        assert "Example" in result.output, name
        assert "qualcode" in result.output.split("Example", 1)[1], name


def test_import_documents_show_search(project_path):
    listing = json.loads(run("documents", project_path, "--json").output)
    assert [d["label"] for d in listing] == ["K1-intervju"]
    assert listing[0]["kind"] == "interview"
    shown = run("show", project_path, "K1-intervju").output.splitlines()
    assert shown[0].split()[0] == "1" and "Intervju med K1" in shown[0]
    assert any(line.split()[1:2] == ["K1"] and "Samarbeidet er bedre" in line for line in shown)
    hits = json.loads(run("search", project_path, "kommune", "--json").output)
    assert hits and all(h["document"] == "K1-intervju" for h in hits)
    assert "Kommunen" in run("search", project_path, "kommune").output


def test_participants_listing_and_json(project_path):
    people = json.loads(run("participants", project_path, "--json").output)
    assert people == [{"label": "K1", "attributes": {"rolle": "sykepleier"}, "documents": 1, "turns": 3}]


def test_coder_is_recorded(project_path):
    entries = json.loads(run("log", project_path, "--json").output)
    assert entries[0]["coder"] == "kari" and entries[0]["action"] == "import"


def test_failed_import_exits_1_with_one_line(tmp_path, project_path):
    bad = tmp_path / "binær.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(cli, ["import", str(project_path), str(bad)])
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert failed == [f"failed: {bad}: binary file, not text"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args,message",
    [
        (["documents", "{missing}"], "no project at"),
        (["show", "{project}", "K9"], "no document 'K9'"),
        (["init", "{project}"], "already exists"),
        (["search", "{project}", "«»"], "nothing to search for"),
        (["import", "{project}", "nowhere.txt"], "no such file or folder"),
        (["import", "{project}", "{transcript}", "--speaker-pattern", "(unclosed"], "bad --speaker-pattern"),
    ],
)
def test_user_mistakes_are_one_line_on_stderr(tmp_path, project_path, transcript, args, message):
    args = [a.format(project=project_path, missing=tmp_path / "x.qualcode", transcript=transcript) for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.output


def test_demo_builds_and_prints_path_last(tmp_path):
    result = run("demo", "--dir", tmp_path, "--no-open")
    path = result.output.strip().splitlines()[-1]
    assert path.endswith("demo-nb.qualcode")
    listing = json.loads(run("documents", path, "--json").output)
    assert len(listing) >= 6 and sum(d["kind"] == "focus group" for d in listing) >= 2
    assert json.loads(run("participants", path, "--json").output)[0]["attributes"]
    # a second run reuses the project (nothing coded in it is lost)
    assert run("demo", "--dir", tmp_path, "--no-open").output.strip().splitlines()[-1] == path


@pytest.mark.parametrize(
    "args",
    [["reading", "{project}", "K1-intervju", "ferdig"], ["init", "{tmp}/x.qualcode", "--language", "no"],
     ["search", "{project}"], ["bogus"], ["export", "pdf"]],
)
def test_usage_mistakes_are_one_line_too(tmp_path, project_path, args):
    result = CliRunner().invoke(cli, [a.format(project=project_path, tmp=tmp_path) for a in args])
    assert result.exit_code == 1
    assert result.stderr.startswith("qualcode: ") and result.stderr.count("\n") == 1


def test_search_says_when_it_cut_the_list(project_path):
    result = CliRunner().invoke(cli, ["search", str(project_path), "kommune", "--limit", "1"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    assert "showing the best 1 of 3 sentences" in result.stderr


def test_memo_on_something_missing_is_refused(project_path):
    result = CliRunner().invoke(cli, ["memo", str(project_path), "tekst", "--on", "theme:99"])
    assert result.exit_code == 1 and result.stderr == "qualcode: no theme 99\n"


def test_speakers_listing_and_rename(project_path):
    listing = json.loads(run("speakers", project_path, "--json").output)
    assert {s["label"]: s["participant"] for s in listing} == {"I": None, "K1": "K1"}
    result = CliRunner().invoke(cli, ["speakers", str(project_path), "--rename", "K1", "K9"])
    assert result.exit_code == 0 and "3 turns of K1 now K9" in result.stderr + result.stdout
    assert "K9" in run("show", project_path, "K1-intervju").output
