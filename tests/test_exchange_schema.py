"""What qualcode writes validates against the official REFI-QDA schemas (lxml), and says what it should."""

from __future__ import annotations

import zipfile

from exchange_support import codebook_schema, project_schema, qde_of, rich_project
from lxml import etree

from qualcode.demo import build_demo
from qualcode.exchange.guids import code_uid
from qualcode.project import Project

NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


def _valid(schema: etree.XMLSchema, document) -> None:
    assert schema.validate(document), schema.error_log


def test_the_demo_archive_and_codebook_validate(tmp_path):
    path = build_demo(tmp_path)
    with Project(path) as project:
        project.exchange.export_qdpx(tmp_path / "demo.qdpx")
        project.codebook.export_file(tmp_path / "demo.qdc")
    _valid(project_schema(), qde_of(tmp_path / "demo.qdpx"))
    _valid(codebook_schema(), etree.parse(str(tmp_path / "demo.qdc")))


def test_a_project_using_every_table_validates_and_links_its_notes(tmp_path):
    path = rich_project(tmp_path)
    with Project(path) as project:
        project.exchange.export_qdpx(tmp_path / "rik.qdpx")
        project.codebook.export_file(tmp_path / "rik.qdc")
        units = {u.id: u for u in project.units.list()}
    qde = qde_of(tmp_path / "rik.qdpx")
    _valid(project_schema(), qde)
    _valid(codebook_schema(), etree.parse(str(tmp_path / "rik.qdc")))
    notes = {note.get("name"): note for note in qde.iterfind(".//q:Notes/q:Note", NS)}
    condensate = notes["Condensate: Samhandling og\\/eller samarbeid/Samarbeid m\\/ helseforetaket"]
    # the condensate is linked from its code and from each selection it rests on
    guid = condensate.get("guid")
    linked_from = [ref.getparent() for ref in qde.iterfind(".//q:NoteRef", NS) if ref.get("targetGUID") == guid]
    kinds = sorted(etree.QName(element).localname for element in linked_from)
    assert kinds == ["Code", "PlainTextSelection", "PlainTextSelection", "PlainTextSelection"]
    assert "Golden nugget: «Vi blir tatt på alvor nå 👍»" in condensate.findtext("q:PlainTextContent", namespaces=NS)
    assert {"Theme: Tillit og respekt", "Synthesis: Samhandling og\\/eller samarbeid", "Reading status: K1-intervju",
            "Memo on the project", "qualcode: project data"} <= set(notes)
    # positions count code points of the stored text, which is the source file in the archive
    with zipfile.ZipFile(tmp_path / "rik.qdpx") as archive:
        for source in qde.iterfind(".//q:TextSource", NS):
            text = archive.read("Sources/" + source.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
            for selection in source.iterfind("q:PlainTextSelection", NS):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                assert text[start:end] in {u.text for u in units.values()}
    # a code's GUID carries its stable id
    with Project(path) as project:
        uids = {info.uid for info in _flat(project.codebook.tree())}
    assert {code_uid(code.get("guid")) for code in qde.iterfind(".//q:Code", NS)} == uids


def _flat(nodes):
    for node in nodes:
        yield node
        yield from _flat(node.children)


def test_an_empty_project_and_one_without_codes_validate(tmp_path, transcript):
    with Project.create(tmp_path / "tom.qualcode", coder="tester") as project:
        project.exchange.export_qdpx(tmp_path / "tom.qdpx")
        project.documents.import_files([transcript])
        project.exchange.export_qdpx(tmp_path / "uten-koder.qdpx")
    for name in ("tom.qdpx", "uten-koder.qdpx"):
        _valid(project_schema(), qde_of(tmp_path / name))


def test_text_xml_cannot_hold_still_validates(project, transcript, tmp_path):
    project.documents.import_files([transcript])
    project.impression.add_memo("Kontrolltegn \x01 og \x0b og en \r vognretur", kind="project")
    project.codebook.add("Samhandling/Kode", description="Linje én\r\nLinje to")
    project.exchange.export_qdpx(tmp_path / "rart.qdpx")
    _valid(project_schema(), qde_of(tmp_path / "rart.qdpx"))
