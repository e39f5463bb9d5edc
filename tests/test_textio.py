"""Tests for :mod:`geoevents.io.textio`: encodings by BOM, declaration, UTF-8, detection or ``--encoding``.

The fixtures are sentences written for these tests, encoded here.
"""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geoevents import cli
from geoevents.cli import app
from geoevents.core.errors import InputError, InputWarning
from geoevents.io.ingest import read_documents
from geoevents.io.textio import check_encoding, decode_bytes, read_text

UK = "Російські війська обстріляли Харків 17 листопада; загинули двоє цивільних."
EN = "Russian forces shelled Харків on 17 November 2024; two civilians were killed."


def page(body: str, head: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Новини</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(("text", "encoding"), [
    (UK, "cp1251"), (EN, "cp1251"), ("Обстріл: Харків", "cp1251"), ("Харків", "cp1251"),
    ("Привет, мир. Российские войска обстреляли Харьков.", "koi8-r"),
    ("Café in Dnipro, naïve résumé ± 5 °C", "cp1252"), ("Zażółć gęślą jaźń w Krakowie", "cp1250"),
    ("Αθήνα και Θεσσαλονίκη", "cp1253"),
])
def test_textio_legacy_encodings_are_detected(text, encoding):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean detection warns about nothing
        assert decode_bytes(text.encode(encoding), label="x.txt") == text


@pytest.mark.parametrize("head", [
    '<meta charset="windows-1251">', "<meta charset=windows-1251>",
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=cp1251'>",
])
def test_textio_html_declaration_is_honoured(head):
    html = page(UK, head)
    assert decode_bytes(html.encode("cp1251"), label="a.html") == html


def test_textio_html_declaration_wins_over_detection():
    # KOI8-U bytes that would also decode (as different letters) in the code page a detector prefers
    html = page("Харків, Київ і Львів", '<meta charset="koi8-u">')
    assert decode_bytes(html.encode("koi8-u"), label="a.html") == html


def test_textio_xml_declaration_is_honoured():
    xml = '<?xml version="1.0" encoding="windows-1251"?><article><p>Харків</p></article>'
    assert decode_bytes(xml.encode("cp1251"), label="a.xml") == xml


def test_textio_declaration_that_lies_falls_back_to_detection():
    html = page(UK, '<meta charset="utf-8">')
    assert decode_bytes(html.encode("cp1251"), label="a.html") == html


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                               ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_textio_bom_is_honoured(encoding, bom):
    assert decode_bytes(bom + UK.encode(encoding), label="x.txt") == UK


def test_textio_encoding_option_overrides_everything(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(UK.encode("cp1251"))
    assert read_text(f, encoding="cp1251") == UK
    assert read_text(f, encoding="koi8-u") != UK  # told wrong, read wrong: the user's word is final
    with pytest.raises(InputError) as excinfo:
        read_text(f, encoding="utf-8")
    assert "a.txt" in str(excinfo.value) and "utf-8" in str(excinfo.value)


def test_textio_unknown_encoding_name_is_an_input_error():
    assert check_encoding("CP1251") == "cp1251"
    with pytest.raises(InputError, match="no-such-codec"):
        check_encoding("no-such-codec")


def test_textio_mojibake_warns_once_naming_the_file():
    garbled = "Ukraine’s army said ‘Kyiv’ — again".encode().decode("cp1252").encode()  # UTF-8 of mojibake
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        decode_bytes(garbled, label="news.txt")
    assert len(caught) == 1 and issubclass(caught[0].category, InputWarning)
    assert "news.txt" in str(caught[0].message) and "\n" not in str(caught[0].message)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_textio_empty_input_is_an_input_error(tmp_path, data):
    f = tmp_path / "empty.txt"
    f.write_bytes(data)
    with pytest.raises(InputError, match="empty.txt: is empty"):
        read_text(f)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=300))
def test_textio_never_raises_anything_but_input_error(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            assert isinstance(decode_bytes(data, label="junk"), str)
        except InputError:
            pass


# ---------------------------------------------------------------- end to end: Kharkiv in Cyrillic


@pytest.fixture
def cp1251_files(tmp_path):
    txt = tmp_path / "kharkiv-cp1251.txt"
    txt.write_bytes(EN.encode("cp1251"))
    html = tmp_path / "kharkiv.html"
    html.write_bytes(page(EN, '<meta charset="windows-1251">').encode("cp1251"))
    return txt, html


def test_textio_cp1251_text_and_html_read_as_cyrillic(cp1251_files):
    for f in cp1251_files:
        (doc,) = read_documents(f)
        assert "Харків" in doc.text


@pytest.mark.parametrize("which", [0, 1])
def test_textio_cli_extract_finds_kharkiv_in_cp1251(cp1251_files, which):
    result = CliRunner().invoke(app, ["extract", str(cp1251_files[which]), "--published", "2024-11-18"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(e["place"] and e["place"]["name"] == "Kharkiv" for e in events)


@pytest.mark.parametrize("which", [0, 1])
def test_textio_cli_geoparse_finds_kharkiv_in_cp1251(cp1251_files, which):
    result = CliRunner().invoke(app, ["geoparse", str(cp1251_files[which]), "--json"])
    assert result.exit_code == 0, result.output
    assert any(t["text"] == "Харків" and t["name"] == "Kharkiv" for t in json.loads(result.stdout))


def test_textio_cli_encoding_option(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(EN.encode("cp1251"))
    ok = CliRunner().invoke(app, ["geoparse", str(f), "--encoding", "cp1251", "--json"])
    assert ok.exit_code == 0 and "Харків" in ok.stdout
    bad = CliRunner().invoke(app, ["geoparse", str(f), "--encoding", "klingon"])
    assert bad.exit_code == 2 and "klingon" in bad.stderr and "Traceback" not in bad.output


def test_textio_cli_warning_is_one_line(tmp_path):
    f = tmp_path / "garbled.txt"
    f.write_bytes("Russian forces shelled Kharkiv’s outskirts — ‘heavily’ — on 17 November 2024."
                  .encode().decode("cp1252").encode())
    with warnings.catch_warnings():  # pytest records warnings; the CLI's own one-line display is under test
        warnings.simplefilter("always")
        warnings.showwarning = cli._show_warning
        result = CliRunner().invoke(app, ["geoparse", str(f)])
    warned = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warned) == 1 and warned[0].startswith("geoevents: warning: ") and "garbled.txt" in warned[0]
