"""Codebook YAML read as written and refused in bounded time and memory; exports private and whole."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import QualcodeError

ALIAS_BOMB = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["codes: [*i]"]
)
HOSTILE = {
    "alias bomb": ALIAS_BOMB,
    "deep nesting": "codes: " + "[" * 10_000 + "]" * 10_000,
    "recursive alias": "codes: &loop [*loop]",
    "binary tag": "codes:\n  - name: !!binary aGVtbWVsaWc=",
    "python tag": "codes:\n  - name: !!python/object/apply:os.system ['echo hei']",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_yaml_is_refused_quickly_in_little_memory_and_changes_nothing(tmp_path, kind):
    project = tmp_path / "p.qualcode"
    assert CliRunner().invoke(cli, ["init", str(project)]).exit_code == 0
    source = tmp_path / "kodebok.yaml"
    source.write_text(HOSTILE[kind], encoding="utf-8")
    before = project.read_bytes()
    script = ("import resource, sys\n"
              "from qualcode.cli import main\n"
              "sys.argv = ['qualcode', 'codebook', 'import', sys.argv[1], sys.argv[2]]\n"
              "try:\n    main()\nfinally:\n"
              "    used = resource.getrusage(resource.RUSAGE_SELF)\n"
              # VmHWM is this program's own peak; ru_maxrss would carry the forking pytest worker's
              "    peak = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
              "    print('USED', used.ru_utime + used.ru_stime, peak, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", script, str(project), str(source)], capture_output=True,
                            text=True, timeout=120)
    message, used = result.stderr.rsplit("USED", 1)
    message = message.strip()
    cpu_seconds, peak_kb = used.split()
    seconds, peak_mb = float(cpu_seconds), int(peak_kb) / 1024  # CPU time: what the file costs, whatever the load
    assert result.returncode == 1
    assert message.startswith("qualcode: kodebok.yaml:") and "\n" not in message, message
    assert "Traceback" not in result.stderr
    assert seconds < 5 and peak_mb < 200, (seconds, peak_mb)
    assert project.read_bytes() == before


def test_yaml_names_stay_the_strings_the_user_wrote(project, tmp_path):
    source = tmp_path / "kodebok.yaml"
    source.write_text("codes:\n  - name: Tid\n    children:\n      - name: '12:30'\n      - name: 12:30 igjen\n"
                      "  - name: No\n    children: [on, 'off', 1e3, yes]\n", encoding="utf-8")
    project.codebook.import_file(source)
    paths = [c.path for c in _flat(project.codebook.tree())]
    assert paths == ["Tid", "Tid/12:30", "Tid/12:30 igjen", "No", "No/on", "No/off", "No/1e3", "No/yes"]
    out = tmp_path / "ut.yaml"
    project.codebook.export_file(out)
    again = tmp_path / "igjen.qualcode"
    assert CliRunner().invoke(cli, ["init", str(again)]).exit_code == 0
    assert CliRunner().invoke(cli, ["codebook", "import", str(again), str(out)]).exit_code == 0
    shown = CliRunner().invoke(cli, ["codebook", "show", str(again), "--json"]).output
    for name in ("12:30", "No", "on", "off", "1e3", "yes"):
        assert f'"{name}"' in shown


def _flat(nodes):
    for node in nodes:
        yield node
        yield from _flat(node.children)


@pytest.mark.parametrize("name", ["kapittel.docx", "kapittel.md", "kodebok.yaml", "kodebok.csv"])
def test_exports_are_private_even_under_a_permissive_umask(project, transcript, tmp_path, name):
    project.documents.import_files([transcript])
    project.codebook.add("Samhandling/Varsling")
    old = os.umask(0o022)
    try:
        target = tmp_path / name
        if name.startswith("kapittel"):
            project.chapter.write(target)
        else:
            project.codebook.export_file(target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{name}")] == []


@pytest.mark.parametrize("name", ["kapittel.docx", "kodebok.yaml"])
def test_a_full_disk_leaves_no_file_and_says_so_in_one_line(project, transcript, tmp_path, monkeypatch, name):
    project.documents.import_files([transcript])
    project.codebook.add("Samhandling/Varsling")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / name
    with pytest.raises(QualcodeError, match="disk is full") as raised:
        if name.startswith("kapittel"):
            project.chapter.write(target)
        else:
            project.codebook.export_file(target)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert "\n" not in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".txt" and "qualcode" not in p.name) == []


def test_exports_into_a_missing_folder_are_one_line(project, tmp_path):
    runner = CliRunner()
    for args in (["codebook", "export", str(project.path), "-o", str(tmp_path / "mangler" / "k.yaml")],
                 ["export", "docx", str(project.path), "-o", str(tmp_path / "mangler" / "k.docx")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert "does not exist" in result.output and "Traceback" not in result.output


def _fill(path, *, leave: int = 0) -> None:
    """Write zeros until the disk is full, then give back `leave` bytes."""
    with open(path, "wb", buffering=0) as handle:
        try:
            while handle.write(b"\0" * 4096):
                pass
        except OSError:
            pass
    if leave:
        os.truncate(path, max(0, path.stat().st_size - leave))


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB file system that fills up (a tmpfs: needs root, as CI has; skipped elsewhere)."""
    mount_point = tmp_path / "liten-disk"
    mount_point.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mount_point)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root?)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


def test_a_really_full_disk_gives_one_line_for_export_and_import(small_disk, tmp_path):
    from qualcode.demo import build_demo

    demo = build_demo(tmp_path / "demo")
    _fill(small_disk / "fyll")
    for args in (["export", "docx", str(demo), "-o", str(small_disk / "kapittel.docx")],
                 ["codebook", "export", str(demo), "-o", str(small_disk / "kodebok.yaml")]):
        result = subprocess.run([sys.executable, "-m", "qualcode", *args], capture_output=True, text=True, timeout=120)
        assert result.returncode == 1 and "disk is full" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["fyll"]
    (small_disk / "fyll").unlink()
    _fill(small_disk / "fyll", leave=400 * 1024)  # room for a project, not for a corpus
    project = small_disk / "p.qualcode"
    subprocess.run([sys.executable, "-m", "qualcode", "init", str(project)], check=True, capture_output=True)
    corpus = tmp_path / "stort"
    corpus.mkdir()
    for number in range(3):
        (corpus / f"K{number}.txt").write_text(f"I: Fortell.\n\nK{number}: " + "Samarbeidet går bedre nå. " * 20000,
                                               encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "qualcode", "import", str(project), str(corpus)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "disk is full" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
