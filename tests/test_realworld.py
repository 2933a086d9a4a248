"""Every file in ../shared/realworld/ (other projects' reader fixtures) imports with its body text intact, or is
refused with one line; nothing is stored as mojibake. The expected outcome of each file is data:
tests/data/realworld_expected.yaml, with the reason for every refusal and the reference each import is held to.

References, each independent of qualcode's readers:
- `text`: the file's bytes decoded in the encoding its source says (charset_normalizer's own test table),
  newlines and Unicode form normalised; the stored text must be exactly that.
- `cues`: the cue texts of a subtitle file by a plain parse (the lines after each timing line, tags stripped,
  entities decoded); the stored words must be exactly those words, speaker labels aside.
- `words`: for Word and ODT, the words of the main part's text nodes (equations' too): nothing stored that is not there
  (list numbers aside), and at least `coverage` of them stored. Files checked by eye carry phrases that
  `must` appear and non-body strings that `must_not`.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml

from qualcode.project import Project

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
EXPECTED = yaml.safe_load((Path(__file__).parent / "data" / "realworld_expected.yaml").read_text(encoding="utf-8"))
MOJIBAKE = ("Ã¦", "Ã¸", "Ã¥", "Ã†", "Ã˜", "Ã…", "Ã©", "Ã¨", "Ã¶", "Ã¤", "Ã¼", "â€", "Â«", "Â»", "Ð°", "Ñ\u0081")
DEFAULT_COVERAGE = 0.9

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason=f"{REALWORLD} is not here (the shared fixtures)")


def _files() -> list[str]:
    if not REALWORLD.is_dir():
        return []
    files = (p for p in REALWORLD.rglob("*") if p.is_file() and p.name != "MANIFEST.md")
    return sorted(str(p.relative_to(REALWORLD)) for p in files)


def test_every_file_has_an_expectation():
    assert sorted(EXPECTED) == _files()


@pytest.mark.parametrize("name", _files())
def test_realworld_file(tmp_path, name):
    expected = EXPECTED[name]
    path = REALWORLD / name
    with Project.create(tmp_path / "p.qualcode", language="nb", coder="tester") as project:
        report = project.documents.import_files([path], workers=1)
        if "refused" in expected:
            assert expected.get("why", "").strip(), f"{name}: a refusal needs its reason in the data"
            (failure,) = report.failed
            assert expected["refused"] in failure.reason, failure.reason
            assert "\n" not in failure.reason and len(failure.reason) < 300
            assert project.documents.list() == []
            return
        assert not report.failed, report.failed
        (label,) = report.imported
        document = project.documents.get(label)
        warnings = [w.message for w in report.warnings]
    text = document.text
    assert not [m for m in MOJIBAKE if m in text], f"{name}: mojibake in the stored text"
    if "\ufffd" in text:
        assert expected.get("replaced"), f"{name}: U+FFFD in the stored text"
    if expected.get("warns"):
        assert any(expected["warns"] in w for w in warnings), warnings
    else:
        assert warnings == []
    check = expected["imports"]
    if check == "text":
        assert text == _plain(path.read_bytes().decode(expected["codec"]))
        assert report.encodings[label] == expected["reported"]
    elif check == "cues":
        _check_cues(path, expected, document)
    else:
        _check_words(path, expected, text)
    for phrase in expected.get("must", []):
        assert phrase in text, f"{name}: {phrase!r} missing"
    for phrase in expected.get("must_not", []):
        assert phrase not in text, f"{name}: {phrase!r} is not body text"


def _plain(text: str) -> str:
    """What a stored text is: \\n newlines, NFC, no byte-order marks, no blank lines at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text).strip("\n")


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())


_TIMING = re.compile(r"^\s*(\d+:)?\d+:\d\d[.,]\d+\s*-->")


def _cue_texts(text: str) -> list[str]:
    """A plain subtitle parse: the lines after each timing line, to the next blank or timing line."""
    cues: list[list[str]] = []
    collecting = False
    for line in _plain(text).split("\n"):
        if _TIMING.match(line):
            cues.append([])
            collecting = True
        elif not line.strip():
            collecting = False
        elif collecting:
            cues[-1].append(line)
    return [html.unescape(re.sub(r"<[^>]*>", " ", " ".join(lines))) for lines in cues]


def _check_cues(path: Path, expected: dict, document) -> None:
    reference = " ".join(_cue_texts(path.read_bytes().decode(expected.get("codec", "utf-8"))))
    stored = document.text
    for kept in expected.get("kept", []):  # text outside any cue that the reader keeps (and warns about)
        assert kept in stored
        stored = stored.replace(kept, " ", 1)
    speakers = {token for turn in document.turns for token in _tokens(turn.speaker)}
    assert [t for t in _tokens(stored) if t not in speakers] == [t for t in _tokens(reference) if t not in speakers]


def _check_words(path: Path, expected: dict, text: str) -> None:
    source = set(_tokens(_main_part_text(path)))
    stored = set(_tokens(text))
    list_numbers = {t for t in stored if t.isdigit() or re.fullmatch(r"[a-z]|[ivxlcdm]+", t)}
    assert stored - source - list_numbers == set(), "stored words that are not in the document's main part"
    coverage = len(stored & source) / len(source) if source else 1.0
    assert coverage >= expected.get("coverage", DEFAULT_COVERAGE), f"only {coverage:.0%} of the body's words"


def _main_part_text(path: Path) -> str:
    """The text of a Word file's main part (found by its relationship) or of an ODT's body: text nodes
    joined as they run, a space where a paragraph, cell, tab or line break ends."""
    with zipfile.ZipFile(path) as archive:
        if path.suffix == ".odt":
            xml = archive.read("content.xml").decode("utf-8")
            body = xml[xml.index("<office:body"):]
            body = re.sub(r"</?text:(?:p|h)\b[^>]*>|<text:(?:tab|line-break|s)\b[^>]*>|</?table:[^>]*>", " ", body)
            return html.unescape(re.sub(r"<[^>]*>", "", body))
        rels = archive.read("_rels/.rels").decode("utf-8")
        relation = next(r for r in re.findall(r"<Relationship [^>]*>", rels) if "/officeDocument\"" in r)
        main = re.search(r'Target="/?([^"]+)"', relation).group(1)
        xml = archive.read(main).decode("utf-8-sig")
    w = re.search(r'xmlns:(\w+)="[^"]*wordprocessingml/(?:2006/)?main"', xml).group(1)
    pieces = re.finditer(rf"<{w}:t(?:\s[^>]*)?>([^<]*)</{w}:t>|<m:t(?:\s[^>]*)?>([^<]*)</m:t>|</{w}:p>"
                         rf"|<{w}:(?:tab|br|cr)\b", xml)
    return html.unescape("".join(m.group(1) if m.group(1) is not None else f" {m.group(2) or ''} " for m in pieces))
