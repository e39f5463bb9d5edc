"""Tests for :mod:`geoevents.io.ingest`: files, folders, JSONL and stdin into Documents.

Hostile and broken inputs must fail with an :class:`~geoevents.core.errors.InputError`
(a ``ValueError``) whose message is one line naming the input, never with
another exception.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import time
from pathlib import Path

import pytest

from geoevents.core.errors import InputError
from geoevents.io.ingest import Document, document_from_html, document_from_text, parse_date, read_documents

ARTICLE = "Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed."


def read_all(path) -> list[Document]:
    return list(read_documents(path))


def read_one(path) -> Document:
    docs = read_all(path)
    assert len(docs) == 1, docs
    return docs[0]


def assert_input_error(excinfo: pytest.ExceptionInfo, name: str) -> str:
    """The error is an InputError (a ValueError) with a one-line message naming ``name``."""
    exc = excinfo.value
    assert isinstance(exc, InputError) and isinstance(exc, ValueError)
    message = str(exc)
    assert name in message, message
    assert "\n" not in message, message
    return message


def html_page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><title>T</title>{head}</head><body>{body}</body></html>"


# ---------------------------------------------------------------- text and Markdown


def test_txt_file_is_one_document_with_its_path_as_source(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE + "\n", encoding="utf-8")
    doc = read_one(f)
    assert doc.text == ARTICLE + "\n"
    assert doc.source == str(f)
    assert doc.published is None and doc.title == "" and doc.url == ""
    assert len(doc.id) == 16 and doc.id == read_one(f).id  # stable


def test_published_argument_overrides(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    doc = read_one_with(f, dt.date(2024, 11, 18))
    assert doc.published == dt.date(2024, 11, 18)


def read_one_with(path, published):
    docs = list(read_documents(path, published=published))
    assert len(docs) == 1
    return docs[0]


def test_utf8_bom_is_dropped(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeff".encode() + ARTICLE.encode())
    assert read_one(f).text == ARTICLE


def test_markdown_syntax_is_stripped(tmp_path):
    f = tmp_path / "a.md"
    f.write_text(
        "# Drones over Kharkiv\n\n"
        "**Russian drones** struck *Kharkiv* overnight, [officials said](https://example.org/x).\n"
        "![a photo](photo.jpg)\n"
        "- two civilians were killed\n"
        "> quoted governor\n"
        "`code` and __strong__\n",
        encoding="utf-8",
    )
    text = read_one(f).text
    assert "Drones over Kharkiv" in text
    assert "Russian drones struck Kharkiv overnight, officials said." in text
    assert "two civilians were killed" in text
    assert "quoted governor" in text
    for syntax in ("#", "**", "*K", "](", "https://example.org", "![", "- two", "> quoted", "`", "__"):
        assert syntax not in text, (syntax, text)


def test_markdown_suffix_markdown_too(tmp_path):
    f = tmp_path / "a.markdown"
    f.write_text("## Heading\n\n*Kyiv*", encoding="utf-8")
    assert read_one(f).text == "Heading\n\nKyiv"


def test_plain_text_keeps_markdown_like_characters(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("# not a heading *really*", encoding="utf-8")
    assert read_one(f).text == "# not a heading *really*"


def test_markdown_keeps_intraword_underscores_and_asterisks():
    doc = document_from_text("Unit 3_rd and a 2*3 km area near kharkiv_oblast", source="a.md", markdown=True)
    assert doc.text == "Unit 3_rd and a 2*3 km area near kharkiv_oblast"


# ---------------------------------------------------------------- HTML


KURSK_BODY = (
    "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
    "<div class='paywall'>Sign up to read this article</div>"
    "<article><h1>Headline</h1><p>Drones hit Kyiv.</p><p>Sirens sounded in Lviv.</p></article>"
    "<aside><h2>Related Stories</h2><ul><li>Winter on the front</li></ul></aside>"
    "<div>Related Stories</div>"
    "<div class='promo'>Download the app</div>"
    "<footer>Copyright Example Wire</footer>"
    "<script>window.tracker = 'TRACKER';</script><style>p { color: red; }</style>"
)


def test_html_is_stripped_of_furniture(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(html_page(KURSK_BODY), encoding="utf-8")
    doc = read_one(f)
    assert doc.text == "Headline\n\nDrones hit Kyiv.\n\nSirens sounded in Lviv."
    for gone in ("Home", "World", "Sign up", "Related Stories", "Winter on the front", "Download the app",
                 "Copyright", "TRACKER", "color", "<", ">"):
        assert gone not in doc.text, gone
    assert doc.source == str(f)
    assert doc.title == "T"


def test_htm_suffix_is_html(tmp_path):
    f = tmp_path / "a.HTM"
    f.write_text(html_page("<p>Drones hit Kyiv.</p><script>x()</script>"), encoding="utf-8")
    assert read_one(f).text == "Drones hit Kyiv."


def test_furniture_only_dropped_as_whole_lines():
    doc = document_from_html(html_page("<p>Readers who sign up to read this article learn about Kyiv.</p>"),
                             source="a.html")
    assert doc.text == "Readers who sign up to read this article learn about Kyiv."


@pytest.mark.parametrize(
    "head, body",
    [
        ('<meta property="article:published_time" content="2024-11-18T07:45:00Z">', "<p>x</p>"),
        ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
         ' "datePublished": "2024-11-18T09:00:00+02:00"}]}</script>', "<p>x</p>"),
        ("", '<p><time datetime="2024-11-18">18 November 2024</time></p><p>x</p>'),
    ],
    ids=["article:published_time", "json-ld", "time-datetime"],
)
def test_html_published_date_sources(tmp_path, head, body):
    f = tmp_path / "a.html"
    f.write_text(html_page(body, head), encoding="utf-8")
    doc = read_one(f)
    assert doc.published == dt.date(2024, 11, 18)
    assert "datePublished" not in doc.text and "@type" not in doc.text


def test_html_date_priority_meta_first_then_jsonld():
    head = ('<meta property="article:published_time" content="2024-11-18">'
            '<script type="application/ld+json">{"datePublished": "2020-01-01"}</script>')
    doc = document_from_html(html_page('<time datetime="2019-05-05">x</time>', head), source="a.html")
    assert doc.published == dt.date(2024, 11, 18)
    head = '<script type="application/ld+json">{"datePublished": "2020-01-01"}</script>'
    doc = document_from_html(html_page('<time datetime="2019-05-05">x</time>', head), source="a.html")
    assert doc.published == dt.date(2020, 1, 1)


def test_html_bad_dates_are_skipped_not_raised():
    head = ('<meta property="article:published_time" content="not a date">'
            '<script type="application/ld+json">{"datePublished": </script>')
    doc = document_from_html(html_page('<time datetime="2024-11-18T10:00">x</time>', head), source="a.html")
    assert doc.published == dt.date(2024, 11, 18)
    doc = document_from_html(html_page("<p>x</p>", '<meta property="article:published_time" content="soon">'),
                             source="a.html")
    assert doc.published is None


def test_html_published_argument_wins(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(html_page("<p>x</p>", '<meta property="article:published_time" content="2024-11-18">'))
    assert read_one_with(f, dt.date(2023, 1, 2)).published == dt.date(2023, 1, 2)


def test_html_og_title_and_url():
    head = '<meta property="og:title" content="OG title"><meta property="og:url" content="https://example.org/a">'
    doc = document_from_html(html_page("<p>x</p>", head), source="a.html")
    assert doc.title == "OG title" and doc.url == "https://example.org/a"


def test_hostile_html_scripts_and_event_handlers(tmp_path):
    body = (
        "<p>Drones hit Kyiv.</p>"
        "<img src=x onerror=\"alert('PWNED1')\">"
        "<script>var s = '</scr' + 'ipt><p>PWNED2</p>'; if (a < b && c > d) { document.write('<div>PWNED3</div>'); }"
        "</script>"
        "<script>/* </script */ var z = '<!-- <script> -->'; PWNED4();</script>"
        "<p onclick=\"PWNED5()\" onmouseover='PWNED6()'>After the strike.</p>"
        "<script type='text/javascript'><!-- PWNED7(); //--></script>"
        "<svg onload=PWNED8()><script>PWNED9()</script></svg>"
        "<noscript>PWNED10</noscript><iframe src='javascript:PWNED11()'></iframe>"
        "<a href=\"javascript:PWNED12()\">Link text</a>"
        "<style>@import 'PWNED13';</style>"
    )
    f = tmp_path / "evil.html"
    f.write_text(html_page(body), encoding="utf-8")
    text = read_one(f).text
    assert "PWNED" not in text, text
    assert "<" not in text and "script" not in text.lower()
    assert "Drones hit Kyiv." in text and "After the strike." in text and "Link text" in text


def test_html_unclosed_script_drops_the_rest():
    doc = document_from_html("<p>Before</p><script>evil(); <p>still script", source="a.html")
    assert doc.text == "Before"


def test_broken_html_does_not_raise():
    doc = document_from_html("<p>Kyiv <a href='x' <<<>>> </p><!-- unterminated <p>x</p> &bogus; &#0; &#xffffffff;",
                             source="broken.html")
    assert doc.text.startswith("Kyiv")


def test_html_with_deeply_nested_jsonld_still_reads(tmp_path):
    f = tmp_path / "deep.html"
    f.write_text('<html><head><script type="application/ld+json">' + "[" * 100_000
                 + "</script></head><body><p>Drones hit Kyiv.</p></body></html>", encoding="utf-8")
    assert read_one(f).text == "Drones hit Kyiv."


# ---------------------------------------------------------------- folders


def test_folder_reads_text_files_sorted_recursively(tmp_path):
    (tmp_path / "b.txt").write_text("B text", encoding="utf-8")
    (tmp_path / "a.md").write_text("*A* text", encoding="utf-8")
    (tmp_path / "c.html").write_text(html_page("<p>C text</p>"), encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "d.jsonl").write_text(json.dumps({"text": "D text"}) + "\n", encoding="utf-8")
    # not text files: ignored (tables and images included)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "events.csv").write_text("latitude,longitude\n1,2\n")
    (tmp_path / "data.json").write_text("{}")
    (tmp_path / "notes.TXT.bak").write_text("bak")
    docs = read_all(tmp_path)
    assert [d.text for d in docs] == ["A text", "B text", "C text", "D text"]
    assert [Path(d.source).name for d in docs[:3]] == ["a.md", "b.txt", "c.html"]


def test_folder_without_text_files_is_an_input_error(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "b.csv").write_text("x,y\n")
    with pytest.raises(InputError) as excinfo:
        read_all(folder)
    assert_input_error(excinfo, "images")


def test_empty_folder_is_an_input_error(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(InputError) as excinfo:
        read_all(folder)
    assert_input_error(excinfo, "empty")


def test_bad_file_inside_folder_names_that_file(tmp_path):
    (tmp_path / "a.txt").write_text("ok")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(InputError) as excinfo:
        read_all(tmp_path)
    assert_input_error(excinfo, "b.txt")


# ---------------------------------------------------------------- JSONL


def test_jsonl_one_document_per_line(tmp_path):
    f = tmp_path / "articles.jsonl"
    f.write_text(
        json.dumps({"text": ARTICLE, "title": "Shelling", "url": "https://example.org/1", "published": "2024-11-18"})
        + "\n\n"  # blank lines are skipped
        + json.dumps({"text": "Drones hit Kyiv.", "published": "18 November 2024"}) + "\n"
        + json.dumps({"text": "<html><body><nav>Menu</nav><p>Sirens in Lviv.</p></body></html>", "title": "HTML"})
        + "\n",
        encoding="utf-8",
    )
    docs = read_all(f)
    assert len(docs) == 3
    a, b, c = docs
    assert (a.text, a.title, a.url, a.source, a.published) == (
        ARTICLE, "Shelling", "https://example.org/1", "https://example.org/1", dt.date(2024, 11, 18))
    assert b.source == f"{f}:3" and b.published == dt.date(2024, 11, 18) and b.title == ""
    assert c.text == "Sirens in Lviv." and c.title == "HTML" and c.source == f"{f}:4"


def test_jsonl_published_argument_overrides(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": "x", "published": "not a date"}) + "\n")
    assert read_one_with(f, dt.date(2024, 1, 2)).published == dt.date(2024, 1, 2)


def test_jsonl_bad_json_line_names_file_and_line(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps({"text": "ok"}) + "\n" + '{"text": "unterminated\n', encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    message = assert_input_error(excinfo, "bad.jsonl")
    assert "line 2" in message


@pytest.mark.parametrize("record", [{"title": "no text"}, {"text": 5}, {"text": None}, [1, 2], "text", 7])
def test_jsonl_missing_text_is_an_input_error(tmp_path, record):
    f = tmp_path / "notext.jsonl"
    f.write_text(json.dumps({"text": "fine"}) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    message = assert_input_error(excinfo, "notext.jsonl")
    assert "line 2" in message and "text" in message


def test_jsonl_bad_published_names_file_and_line(tmp_path):
    f = tmp_path / "dates.jsonl"
    f.write_text(json.dumps({"text": "x", "published": "yesterday"}) + "\n")
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    message = assert_input_error(excinfo, "dates.jsonl")
    assert "line 1" in message and "yesterday" in message


def test_blank_jsonl_is_an_input_error(tmp_path):
    f = tmp_path / "empty.jsonl"
    f.write_text("\n\n")
    with pytest.raises(InputError, match="empty.jsonl: is empty"):
        read_all(f)


def test_jsonl_deeply_nested_line_is_an_input_error(tmp_path):
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "\n")
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    assert_input_error(excinfo, "deep.jsonl")


def test_jsonl_non_string_title_and_url_are_not_passed_through(tmp_path):
    f = tmp_path / "types.jsonl"
    f.write_text(json.dumps({"text": "a", "title": None, "url": 5}) + "\n")
    try:
        doc = read_one(f)
    except InputError:
        return  # refusing the record is fine too
    assert isinstance(doc.title, str) and isinstance(doc.url, str) and isinstance(doc.source, str)


# ---------------------------------------------------------------- stdin


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch):
    _stdin(monkeypatch, ARTICLE.encode())
    docs = list(read_documents("-", published=dt.date(2024, 11, 18)))
    assert len(docs) == 1
    assert docs[0].text == ARTICLE and docs[0].source == "<stdin>" and docs[0].published == dt.date(2024, 11, 18)


def test_stdin_html(monkeypatch):
    _stdin(monkeypatch, b"  " + html_page("<nav>Menu</nav><p>Drones hit Kyiv.</p>",
                                          '<meta property="article:published_time" content="2024-11-18">').encode())
    (doc,) = read_documents("-")
    assert doc.text == "Drones hit Kyiv." and doc.published == dt.date(2024, 11, 18) and doc.source == "<stdin>"


def test_stdin_binary_is_an_input_error(monkeypatch):
    _stdin(monkeypatch, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    with pytest.raises(InputError) as excinfo:
        list(read_documents("-"))
    assert_input_error(excinfo, "<stdin>")


def test_stdin_utf16(monkeypatch):
    _stdin(monkeypatch, "Drones hit Kyiv.".encode("utf-16"))
    (doc,) = read_documents("-")
    assert doc.text == "Drones hit Kyiv."


# ---------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "value",
    [
        "2024-11-18", "2024-11-18T09:30:00Z", "2024-11-18T09:30:00+02:00", "2024-11-18T09:30:00.123-0500",
        "2024-11-18 09:30", "  2024-11-18  ", "18 November 2024", "18 Nov 2024", "18 Nov. 2024", "18 november, 2024",
        "November 18, 2024", "Nov 18 2024", "Nov. 18, 2024", "NOVEMBER 18 2024",
        dt.date(2024, 11, 18), dt.datetime(2024, 11, 18, 23, 59),
    ],
)
def test_parse_date_variants(value):
    assert parse_date(value) == dt.date(2024, 11, 18)


def test_parse_date_sept():
    assert parse_date("Sept 3, 2024") == dt.date(2024, 9, 3)
    assert parse_date("3 Sep 2024") == dt.date(2024, 9, 3)


@pytest.mark.parametrize(
    "value",
    ["", "   ", "yesterday", "2024-02-30", "2024-13-01", "0000-01-01", "18/11/2024", "11/18/2024", "2024",
     "18 Foo 2024", "Foo 18, 2024", "32 November 2024", "November 31, 2024", "2024-11-18X", None, 20241118],
)
def test_parse_date_errors(value):
    with pytest.raises(InputError) as excinfo:
        parse_date(value, label="--published")
    message = str(excinfo.value)
    assert message.startswith("--published ") and "\n" not in message
    assert isinstance(excinfo.value, ValueError)


# ---------------------------------------------------------------- hostile and broken files


def test_binary_file_is_an_input_error(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 512)
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    assert "binary" in assert_input_error(excinfo, "photo.txt")


@pytest.mark.parametrize("suffix", [".html", ".md", ".jsonl"])
def test_binary_file_with_any_text_suffix_is_an_input_error(tmp_path, suffix):
    f = tmp_path / f"photo{suffix}"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    assert_input_error(excinfo, f.name)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
def test_empty_file_is_an_input_error(tmp_path, suffix):
    f = tmp_path / f"empty{suffix}"
    f.write_bytes(b"")
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    assert "is empty" in assert_input_error(excinfo, f.name)


def test_latin1_file_is_decoded(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Caf\u00e9 in Dnipro, na\u00efve r\u00e9sum\u00e9 \u00b1 5 \u00b0C".encode("latin-1"))
    assert read_one(f).text == "Caf\u00e9 in Dnipro, na\u00efve r\u00e9sum\u00e9 \u00b1 5 \u00b0C"


def test_legacy_bytes_are_detected_not_refused(tmp_path):
    f = tmp_path / "junk.txt"
    f.write_bytes(b"\x81\x8d\x8f\x90\x9d junk")  # undefined in UTF-8 and Windows-1252: another code page reads it
    assert read_one(f).text.endswith(" junk")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path, encoding):
    f = tmp_path / "utf16.txt"
    data = "Drones hit Kyiv \u2014 \u041a\u0438\u0457\u0432.".encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff".encode(encoding)) + data
    f.write_bytes(data)
    assert read_one(f).text.lstrip("\ufeff") == "Drones hit Kyiv \u2014 \u041a\u0438\u0457\u0432."


def test_utf16_html_with_bom(tmp_path):
    f = tmp_path / "utf16.html"
    f.write_bytes(html_page("<p>Drones hit Kyiv.</p>").encode("utf-16"))
    assert read_one(f).text == "Drones hit Kyiv."


def test_truncated_utf16_is_an_input_error(tmp_path):
    f = tmp_path / "odd.txt"
    f.write_bytes(b"\xff\xfeA\x00B")
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    assert_input_error(excinfo, "odd.txt")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as excinfo:
        read_all(tmp_path / "nope.txt")
    assert_input_error(excinfo, "nope.txt")


def test_missing_jsonl_and_html_are_input_errors(tmp_path):
    for name in ("nope.jsonl", "nope.html"):
        with pytest.raises(InputError) as excinfo:
            read_all(tmp_path / name)
        assert_input_error(excinfo, name)


def test_large_text_file_reads_quickly(tmp_path):
    """A 50 MB text file: read (it is under the 64 MB limit), without MemoryError, well under 20 s."""
    f = tmp_path / "big.txt"
    sentence = "Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed. "
    with open(f, "w", encoding="utf-8") as fh:
        fh.write(sentence * (50 * 1024 * 1024 // len(sentence) + 1))
    size = f.stat().st_size
    assert size >= 50 * 1024 * 1024
    t = time.perf_counter()
    try:
        docs = read_all(f)
    except InputError as exc:  # refusing is allowed, as long as it is the one clear error
        assert "big.txt" in str(exc) and "\n" not in str(exc)
    else:
        assert len(docs) == 1 and len(docs[0].text) == size
        del docs
    assert time.perf_counter() - t < 20


def test_file_over_the_size_limit_is_an_input_error(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:  # sparse: no disk space used
        fh.truncate(65 * 1024 * 1024)
    with pytest.raises(InputError) as excinfo:
        read_all(f)
    assert "MB" in assert_input_error(excinfo, "huge.txt")
