"""Text encodings: Nordic files read exactly as before, other code pages decoded right or refused, never mojibake."""

from __future__ import annotations

import codecs

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import ImportRefused
from qualcode.ingest.encoding import decode_bytes, normalise
from qualcode.ingest.readers import read_document

NORDIC = "K1: Blåbærsyltetøy «i dag», sa Øystein. Ærlig talt, så går det bra i Åsheim.\nI: Takk, æ ø å Æ Ø Å."
# Windows-1252, old Mac and UTF also hold typographic quotes and dashes; Latin-1 and DOS do not
TYPOGRAPHIC = NORDIC + " – ”sa hun”."


@pytest.mark.parametrize(
    "codec,prefix,text,reported",
    [
        ("utf-8", b"", TYPOGRAPHIC, "utf-8"),
        ("utf-8", codecs.BOM_UTF8, TYPOGRAPHIC, "utf-8 (BOM)"),
        ("utf-16-le", codecs.BOM_UTF16_LE, TYPOGRAPHIC, "utf-16 (BOM)"),
        ("utf-16-be", codecs.BOM_UTF16_BE, TYPOGRAPHIC, "utf-16 (BOM)"),
        ("utf-32-le", codecs.BOM_UTF32_LE, TYPOGRAPHIC, "utf-32 (BOM)"),
        ("utf-32-be", codecs.BOM_UTF32_BE, TYPOGRAPHIC, "utf-32 (BOM)"),
        ("cp1252", b"", TYPOGRAPHIC, "windows-1252"),
        ("latin-1", b"", NORDIC, "windows-1252"),  # Latin-1's letters are Windows-1252's
        ("mac_roman", b"", TYPOGRAPHIC, "mac-roman"),
        ("cp865", b"", NORDIC.replace("»", "").replace("«", ""), "cp865 (DOS Nordic)"),  # DOS-Nordic has no »
    ],
)
def test_nordic_text_is_read_exactly(codec, prefix, text, reported):
    decoded = decode_bytes(prefix + text.replace("\n", "\r\n").encode(codec), "nb")
    assert normalise(decoded.text) == text
    assert decoded.encoding == reported
    assert decoded.warnings == ()


SHORT_NORDIC = ["K1: Ja, så.", "I: Hvordan går det?", "K2: Æsj.", "K3: Nei.\nI: Hæ?", "K4: Ø", "K1: «Ja»",
                "K1: Jeg vet ikke – kanskje.", "K5: Vi bor i Tromsø.", "Intervju med Åse", "Øystein: Hei.",
                "K1: Å være med er viktig.", "K1: 3 ½ år, 20 °C.", "K1: NRKs journalist på NAV-kontoret i ÅLESUND."]


@pytest.mark.parametrize("codec", ["cp1252", "latin-1", "mac_roman", "cp865"])
def test_short_nordic_files_are_read_exactly_as_before(codec):
    for text in SHORT_NORDIC:
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:  # « » and the dash are not in every code page
            continue
        assert decode_bytes(data, "nb").text == text, (codec, text)


def test_old_dos_nordic_is_not_read_as_windows_1252(tmp_path):
    path = tmp_path / "dos.txt"
    path.write_bytes("K1: Det var et godt år, og vi fikk være med på møtene i Ørsta.".encode("cp865"))
    document = read_document(path, language="nb")
    assert document.text == "K1: Det var et godt år, og vi fikk være med på møtene i Ørsta."
    assert "†" not in document.text


def test_utf8_with_a_stray_byte_stays_utf8_and_names_the_byte():
    data = "K1: Blåbærsyltetøy.\nI: Ærlig talt?\nK1: Ja.".encode().replace(b"talt", b"ta\xe6lt")
    decoded = decode_bytes(data, "nb")
    assert decoded.text == "K1: Blåbærsyltetøy.\nI: Ærlig ta\ufffdlt?\nK1: Ja."
    assert "Ã" not in decoded.text  # not read as Windows-1252 as a whole
    (warning,) = decoded.warnings
    stray = data.index(b"\xe6")
    assert f"line 2 (byte {stray})" in warning and "UTF-8" in warning
    assert decoded.encoding == "utf-8, 1 bad byte replaced"


def test_a_file_half_utf8_half_windows_1252_is_refused():
    half = "K1: Blåbærsyltetøy, ærlig talt, så går det bra i Åsheim nå.\n" * 3
    with pytest.raises(ImportRefused, match="mixes UTF-8 with another encoding.*line 4"):
        decode_bytes(half.encode("utf-8") + half.encode("cp1252"), "nb")


OTHER_LANGUAGES = [
    ("Zażółć gęślą jaźń. Wczoraj byłem w urzędzie, żeby załatwić sprawę.", "cp1250"),
    ("Zażółć gęślą jaźń. Wczoraj byłem w urzędzie, żeby załatwić sprawę.", "iso8859_2"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Včera jsem byl na úřadě.", "cp1250"),
    ("Dün akşam İstanbul'da çok güzel bir yemek yedik. Işıklar söndüğünde herkes şaşırdı.", "cp1254"),
    ("Η ελληνική γλώσσα είναι μία από τις αρχαιότερες γλώσσες της Ευρώπης.", "cp1253"),
    ("Η ελληνική γλώσσα είναι μία από τις αρχαιότερες γλώσσες της Ευρώπης.", "iso8859_7"),
    ("Вчера мы ходили в поликлинику, и врач сказал, что всё будет хорошо.", "cp1251"),
    ("Вчера мы ходили в поликлинику, и врач сказал, что всё будет хорошо.", "koi8_r"),
    ("Вчера мы ходили в поликлинику, и врач сказал, что всё будет хорошо.", "cp866"),
    ("Вчера мы ходили в поликлинику, и врач сказал, что всё будет хорошо.", "mac_cyrillic"),
    ("שלום, קוראים לי דני ואני גר בתל אביב. אתמול הלכתי לרופא.", "cp1255"),
    ("שלום, קוראים לי דני ואני גר בתל אביב.", "iso8859_8"),
    ("我们昨天去了医院，医生说一切都会好起来的。谢谢你们的帮助。", "gb2312"),
    ("我們昨天去了醫院，醫生說一切都會好起來的。謝謝你們的幫助。", "big5"),
    ("昨日、私たちは病院に行きました。医者はすべてうまくいくと言いました。", "shift_jis"),
    ("昨日、私たちは病院に行きました。医者はすべてうまくいくと言いました。", "euc_jp"),
    ("어제 우리는 병원에 갔습니다. 의사는 모든 것이 잘 될 것이라고 말했습니다.", "euc_kr"),
    ("Vakar mēs gājām uz slimnīcu, un ārsts teica, ka viss būs labi.", "cp1257"),
    ("Við fórum á spítalann í gær og læknirinn sagði að allt yrði í lagi.", "cp1252"),
    ("Ναι", "cp1253"),
    ("Да", "koi8_r"),
    ("Işık", "cp1254"),
]


@pytest.mark.parametrize("text,codec", OTHER_LANGUAGES, ids=[f"{c}-{t[:8]}" for t, c in OTHER_LANGUAGES])
def test_other_languages_are_decoded_right_or_refused_never_mojibake(text, codec):
    try:
        decoded = decode_bytes(text.encode(codec), "nb")
    except ImportRefused as refused:
        assert "iconv -f" in str(refused) and "\n" not in str(refused)
        return
    assert decoded.text == text


@pytest.mark.parametrize(
    "text,codec",
    [("Zażółć gęślą jaźń. Wczoraj byłem w urzędzie, żeby załatwić sprawę.", "cp1250"),
     ("Dün akşam İstanbul'da çok güzel bir yemek yedik. Işıklar söndüğünde herkes şaşırdı.", "cp1254"),
     ("Вчера мы ходили в поликлинику, и врач сказал, что всё будет хорошо.", "cp1251")],
)
def test_longer_polish_turkish_russian_are_decoded(text, codec):
    decoded = decode_bytes((text + "\n").encode(codec) * 3, "nb")
    assert decoded.text == (text + "\n") * 3
    assert decoded.encoding == f"windows-{codec[2:]}"


def test_polish_z_with_dot_does_not_become_norwegian_o_slash():
    decoded = decode_bytes("K1: Może być, że żona przyjdzie później.".encode("cp1250"), "nb")
    assert "ø" not in decoded.text and decoded.text == "K1: Może być, że żona przyjdzie później."


def test_an_ambiguous_text_is_refused_naming_encodings_and_how_to_convert():
    latvian = "Vakar mēs gājām uz slimnīcu, un ārsts teica, ka viss būs labi."
    with pytest.raises(ImportRefused) as refused:
        decode_bytes(latvian.encode("cp1257"), "nb")
    message = str(refused.value)
    assert "windows-1257" in message and "iconv -f " in message and "-t UTF-8" in message


def test_ebcdic_and_noise_are_refused():
    with pytest.raises(ImportRefused, match="unknown text encoding"):
        decode_bytes("K1: Kommunen er fin og samarbeidet går bra hver dag.".encode("cp500"), "nb")
    with pytest.raises(ImportRefused, match="unknown text encoding"):
        decode_bytes(bytes(range(0x80, 0x100)) * 20, "nb")


def test_utf32_with_a_bom_is_text_not_binary(tmp_path):
    path = tmp_path / "K1.txt"
    path.write_bytes("K1: Blåbær «i dag».\nI: Takk.".encode("utf-32"))  # Python writes the BOM
    document = read_document(path, language="nb")
    assert document.text == "K1: Blåbær «i dag».\nI: Takk."
    assert document.encoding == "utf-32 (BOM)"
    assert [t.speaker for t in document.turns] == ["K1", "I"]


def test_import_report_names_each_files_encoding_and_the_replaced_bytes(tmp_path):
    (tmp_path / "K1.txt").write_bytes("K1: Blåbærsyltetøy «i dag».\r\nI: Takk.".encode("cp1252"))
    (tmp_path / "K2.txt").write_bytes("K2: Vi får være med på møtene.\rI: Så bra.".encode("mac_roman"))
    (tmp_path / "K3.txt").write_bytes("K3: Ærlig talt, så går det.\nI: Ta".encode() + b"\xe6kk.")
    (tmp_path / "K4.txt").write_text("K4: Hei, æ ø å.", encoding="utf-8")
    runner = CliRunner()
    project = str(tmp_path / "p.qualcode")
    assert runner.invoke(cli, ["init", project, "--language", "nb"]).exit_code == 0
    result = runner.invoke(cli, ["import", project, str(tmp_path / "K1.txt"), str(tmp_path / "K2.txt"),
                                 str(tmp_path / "K3.txt"), str(tmp_path / "K4.txt")])
    assert result.exit_code == 0, result.output
    (read_as,) = [line for line in result.output.splitlines() if line.startswith("read as ")]
    assert "windows-1252: K1" in read_as and "mac-roman: K2" in read_as and "utf-8: K4" in read_as
    assert "utf-8, 1 bad byte replaced: K3" in read_as
    (warning,) = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert "K3.txt" in warning and "line 2 (byte" in warning
    shown = runner.invoke(cli, ["show", project, "K2"]).output
    assert "Vi får være med på møtene." in shown
