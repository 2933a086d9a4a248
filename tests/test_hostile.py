"""Bad and hostile files: one clear line each, the batch goes on, the project is unchanged."""

from __future__ import annotations

import zipfile

import pytest
from conftest import table_counts
from files import rewrite_zip_member, write_docx, write_odt

from qualcode.ingest import limits

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
<text:p>&secret;</text:p></office:text></office:body></office:document-content>"""


def _corrupt_docx(tmp_path):
    path = tmp_path / "corrupt.docx"
    good = write_docx(tmp_path / "good-source.docx", ["K1: hei"])
    path.write_bytes(good.read_bytes()[:900])
    return path


def _binary(tmp_path):
    path = tmp_path / "opptak.txt"
    path.write_bytes(bytes(range(256)) * 50)
    return path


def _program(tmp_path):
    path = tmp_path / "program.txt"  # an executable's bytes: many NULs, but not UTF-16 text
    path.write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + bytes(range(256)) * 8 + b"\x00\x00\x10\x00" * 200)
    return path


def _utf16_without_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("K1: Kommunen er fin, og samarbeidet går bra.".encode("utf-16-le"))
    return path


def _unknown_encoding(tmp_path):
    path = tmp_path / "ebcdic.txt"
    path.write_bytes("K1: Kommunen er fin og samarbeidet går bra hver dag.".encode("cp500"))
    return path


def _zip_bomb(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return path


def _zip_slip(tmp_path):
    path = tmp_path / "slip.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<x/>")
        archive.writestr("../../outside.txt", "escape")
    return path


def _billion_laughs_docx(tmp_path):
    source = write_docx(tmp_path / "laughs-source.docx", ["K1: hei"])
    return rewrite_zip_member(source, tmp_path / "laughs.docx", "word/document.xml", BILLION_LAUGHS)


def _external_entity_odt(tmp_path):
    path = write_odt(tmp_path / "xxe.odt", "<text:p>K1: hei</text:p>")
    return rewrite_zip_member(path, tmp_path / "xxe2.odt", "content.xml", EXTERNAL_ENTITY)


def _long_line(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_bytes(b"K1: " + b"ord " * (10 * 1024 * 1024))  # 40 MB on one line
    return path


def _empty(tmp_path):
    path = tmp_path / "tom.txt"
    path.write_bytes(b"\n\n  \n")
    return path


def _not_webvtt(tmp_path):
    path = tmp_path / "fake.vtt"
    path.write_text("this is not a subtitle file", encoding="utf-8")
    return path


def _unsupported(tmp_path):
    path = tmp_path / "lyd.mp3"
    path.write_bytes(b"ID3" + b"\0" * 100)
    return path


CASES = {
    "corrupt docx": (_corrupt_docx, "zip"),
    "binary file": (_binary, "binary"),
    "program": (_program, "binary file, not text"),
    "UTF-16 without BOM": (_utf16_without_bom, "UTF-16 without"),
    "unknown encoding": (_unknown_encoding, "encoding"),
    "zip bomb": (_zip_bomb, "zip"),
    "zip path escape": (_zip_slip, "outside its folder"),
    "entity expansion": (_billion_laughs_docx, "DTD or entities"),
    "external entity": (_external_entity_odt, "DTD or entities"),
    "40 MB single line": (_long_line, "not a transcript"),
    "empty file": (_empty, "no text"),
    "not WebVTT": (_not_webvtt, "WEBVTT"),
    "unsupported type": (_unsupported, "unsupported file type"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_gives_one_line_and_changes_nothing(project, tmp_path, transcript, case):
    make, reason = CASES[case]
    project.documents.import_files([transcript])
    before = table_counts(project)
    bad = make(tmp_path)
    report = project.documents.import_files([bad])
    assert report.imported == []
    (failure,) = report.failed
    assert failure.path == str(bad)
    assert reason in failure.reason
    assert "\n" not in failure.reason and len(failure.reason) < 300
    assert table_counts(project) == before


def test_batch_goes_on_after_a_failure(project, tmp_path, transcript):
    bad = _binary(tmp_path)
    report = project.documents.import_files([bad, transcript])
    assert report.imported == ["K1-intervju"]
    assert [f.path for f in report.failed] == [str(bad)]


def test_a_failure_inside_the_write_leaves_no_half_document(project, transcript, monkeypatch):
    from qualcode.store import document_rows

    before = table_counts(project)
    real = document_rows.bisect_right

    def explode(*args):  # after the document and its turns are in, while its sentences are written
        raise RuntimeError("disk full")

    monkeypatch.setattr(document_rows, "bisect_right", explode)
    with pytest.raises(RuntimeError):
        project.documents.import_files([transcript])
    monkeypatch.setattr(document_rows, "bisect_right", real)
    assert table_counts(project) == before


def test_zip_limits_are_checked_before_reading(tmp_path):
    from qualcode.errors import ImportRefused

    with pytest.raises(ImportRefused, match="inflates"):
        limits.open_safe_zip(_zip_bomb(tmp_path))
