"""Word and Writer files: body text wherever the program keeps it, and nothing that is not body text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from qualcode.errors import ImportRefused
from qualcode.ingest.readers import read_document

TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELATIONS = {
    TRANSITIONAL: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    STRICT: "http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def write_word(path: Path, body: str, *, namespace: str = TRANSITIONAL, main: str = "word/document.xml",
               numbering: str | None = None, styles: str | None = None) -> Path:
    """A minimal .docx package whose parts are written here, so the test shows exactly what Word keeps."""
    relations = _RELATIONS[namespace]
    folder, name = main.rsplit("/", 1)
    part_rels = []
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
                         '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                         'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application'
                         f'/xml"/><Override PartName="/{main}" ContentType="{_MAIN_TYPE}"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                         f'.org/package/2006/relationships"><Relationship Id="rId1" Type="{relations}/officeDocument" '
                         f'Target="{main}"/></Relationships>')
        archive.writestr(main, f'<?xml version="1.0"?><w:document xmlns:w="{namespace}" '
                         'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                         f'<w:body>{body}</w:body></w:document>')
        for kind, xml in (("numbering", numbering), ("styles", styles)):
            if xml is not None:
                archive.writestr(f"{folder}/{kind}.xml", f'<?xml version="1.0"?><w:{kind} xmlns:w="{namespace}">'
                                 f"{xml}</w:{kind}>")
                part_rels.append(f'<Relationship Id="r{kind}" Type="{relations}/{kind}" Target="{kind}.xml"/>')
        archive.writestr(f"{folder}/_rels/{name}.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas'
                         f'.openxmlformats.org/package/2006/relationships">{"".join(part_rels)}</Relationships>')
    return path


def p(text: str, properties: str = "") -> str:
    shape = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return f'<w:p>{shape}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def control(content: str, properties: str = "") -> str:
    return f"<w:sdt><w:sdtPr>{properties}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def paragraphs(path: Path) -> list[str]:
    return read_document(path, language="nb").text.split("\n\n")


def test_word_content_controls_nested_in_paragraphs_and_cells(tmp_path):
    body = (
        control(p("I: Hvordan er samarbeidet med kommunen?") + control(p("K1: Det går bedre nå.")))
        + '<w:p><w:r><w:t xml:space="preserve">K1: Vi ringer </w:t></w:r>'
        + control('<w:r><w:t>legevakten</w:t></w:r>') + '<w:r><w:t xml:space="preserve"> hver uke.</w:t></w:r></w:p>'
        + "<w:tbl><w:tr>" + control("<w:tc>" + p("Fjordvik kommune") + "</w:tc>")
        + "<w:tc>" + control(p("Helseforetaket «Nord»")) + "</w:tc></w:tr></w:tbl>"
        + control(p("Klikk her for å skrive inn tekst."), "<w:showingPlcHdr/>")
    )
    assert paragraphs(write_word(tmp_path / "skjema.docx", body)) == [
        "I: Hvordan er samarbeidet med kommunen?", "K1: Det går bedre nå.", "K1: Vi ringer legevakten hver uke.",
        "Fjordvik kommune", "Helseforetaket «Nord»",
    ]


def test_form_with_only_content_controls_is_not_empty(tmp_path):
    body = control(p("K2: Alt står i skjemaet.") + p("I: Takk for svaret."))
    path = write_word(tmp_path / "kun-skjema.docx", body)
    assert paragraphs(path) == ["K2: Alt står i skjemaet.", "I: Takk for svaret."]


def test_strict_open_xml_is_read(tmp_path):
    body = p("K3: Dette er Strict Open XML, lagret fra Word.") + p("I: Og det går fint?")
    path = write_word(tmp_path / "strict.docx", body, namespace=STRICT)
    assert paragraphs(path) == ["K3: Dette er Strict Open XML, lagret fra Word.", "I: Og det går fint?"]


def test_main_part_is_found_through_the_relationships(tmp_path):
    path = write_word(tmp_path / "omdopt.docx", p("K4: Hoveddelen heter noe annet."), main="word/hoveddokument.xml")
    assert "word/document.xml" not in zipfile.ZipFile(path).namelist()
    assert paragraphs(path) == ["K4: Hoveddelen heter noe annet."]


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>'
    '</w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
)


def numbered(level: int, num: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'


def test_numbered_interview_questions_keep_their_numbers(tmp_path):
    styles = ('<w:style w:type="paragraph" w:styleId="Sporsmal"><w:pPr>'
              f'{numbered(0, 1)}</w:pPr></w:style>')
    body = (p("Hvordan samarbeider dere med kommunen?", numbered(0, 1))
            + p("Hva fungerer godt?", numbered(1, 1)) + p("Hva fungerer dårlig?", numbered(1, 1))
            + p("Hvem ringer dere først?", '<w:pStyle w:val="Sporsmal"/>')
            + p("Notater", numbered(0, 2)) + p("Vanlig avsnitt."))
    path = write_word(tmp_path / "intervjuguide.docx", body, numbering=NUMBERING, styles=styles)
    assert paragraphs(path) == ["1. Hvordan samarbeider dere med kommunen?", "1.1 Hva fungerer godt?",
                                "1.2 Hva fungerer dårlig?", "2. Hvem ringer dere først?", "Notater",
                                "Vanlig avsnitt."]


def test_a_drop_cap_does_not_split_the_word(tmp_path):
    body = (p("D", '<w:framePr w:dropCap="drop" w:lines="3" w:wrap="around" w:vAnchor="text" w:hAnchor="text"/>')
            + p("et var en gang en kommune som ringte helseforetaket.") + p("K1: Og så?"))
    assert paragraphs(write_word(tmp_path / "initial.docx", body)) == [
        "Det var en gang en kommune som ringte helseforetaket.", "K1: Og så?"]


def test_word_text_only_in_text_boxes_is_refused_with_the_reason(tmp_path):
    body = ('<w:p><w:r><w:drawing><w:txbxContent>' + p("Tekst i en tekstboks") + '</w:txbxContent></w:drawing>'
            '</w:r></w:p>')
    with pytest.raises(ImportRefused, match="only text is in text boxes"):
        read_document(write_word(tmp_path / "boks.docx", body))


ODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
 <office:automatic-styles>{styles}</office:automatic-styles>
 <office:body><office:text>{body}</office:text></office:body>
</office:document-content>"""


def write_writer(path: Path, body: str, styles: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", ODT.format(body=body, styles=styles))
    return path


def test_writer_image_descriptions_and_frame_captions_are_left_out(tmp_path):
    body = ('<text:p><draw:frame draw:name="Bilde1"><draw:image/><svg:title>Sol</svg:title>'
            '<svg:desc>Et bilde av sola over fjorden</svg:desc></draw:frame>Kommunen svarer raskt.</text:p>'
            '<text:p><draw:frame><draw:text-box><text:p>Figur 1: Hjelp</text:p></draw:text-box></draw:frame>'
            'Høyre side av saken er viktig.</text:p>')
    assert paragraphs(write_writer(tmp_path / "bilder.odt", body)) == [
        "Kommunen svarer raskt.", "Høyre side av saken er viktig."]


def test_writer_tracked_deletions_are_left_out(tmp_path):
    body = ('<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
            '<dc:creator>Kari</dc:creator></office:change-info><text:p>K1: Dette ble slettet.</text:p>'
            '</text:deletion></text:changed-region></text:tracked-changes>'
            '<text:p><text:change text:change-id="ct1"/>K1: Dette står igjen.</text:p>')
    assert paragraphs(write_writer(tmp_path / "sporing.odt", body)) == ["K1: Dette står igjen."]


LIST_STYLES = (
    '<text:list-style style:name="L1">'
    '<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>'
    '<text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a"/>'
    '</text:list-style>'
    '<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/>'
    '</text:list-style>'
)


def item(text: str, inner: str = "") -> str:
    return f"<text:list-item><text:p>{text}</text:p>{inner}</text:list-item>"


def test_writer_numbered_lists_keep_their_numbers(tmp_path):
    body = (f'<text:list text:style-name="L1">{item("Hvordan samarbeider dere?")}'
            f'{item("Hva fungerer?", "<text:list>" + item("Møtene") + item("Telefonen") + "</text:list>")}</text:list>'
            '<text:p>Mellom spørsmålene.</text:p>'
            f'<text:list text:style-name="L1" text:continue-numbering="true">{item("Hva kan bli bedre?")}</text:list>'
            f'<text:list text:style-name="L2">{item("et punkt")}</text:list>')
    assert paragraphs(write_writer(tmp_path / "guide.odt", body, LIST_STYLES)) == [
        "1. Hvordan samarbeider dere?", "2. Hva fungerer?", "a) Møtene", "b) Telefonen", "Mellom spørsmålene.",
        "3. Hva kan bli bedre?", "et punkt"]
