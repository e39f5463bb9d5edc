"""Ingest: turn files, folders, standard input and JSONL into Documents.

Text (.txt), Markdown (.md) and HTML (.html/.htm) files become one Document
each; a JSONL file gives one Document per line (``text``, optional
``title``, ``url``, ``published``).  HTML is stripped of markup, scripts,
styles, navigation and page furniture ("Sign up to read this article",
"Related Stories", "Download the app"); its publication date comes from
``article:published_time``, JSON-LD ``datePublished`` or ``<time datetime>``.

Every problem is an :class:`~geoevents.core.errors.InputError` naming the input.

>>> doc = document_from_html('<html><head><meta property="article:published_time" '
...     'content="2024-11-18T08:00:00Z"></head><body><nav>Menu</nav><p>Drones hit Kyiv.</p>'
...     '<script>alert(1)</script></body></html>', source="a.html")
>>> doc.text, doc.published.isoformat()
('Drones hit Kyiv.', '2024-11-18')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..core.dates import parse_date
from ..core.errors import InputError
from .textio import check_document_size, read_text

__all__ = ["Document", "read_documents", "document_from_html", "document_from_text", "text_title", "document_from_record",
           "parse_jsonl_line", "parse_date", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and what is known about it."""

    text: str
    source: str  # file path, URL or "<stdin>"; events point back to it
    title: str = ""
    url: str = ""
    published: dt.date | None = None

    @property
    def id(self) -> str:
        """Stable id: a hash of the source and the text."""
        return hashlib.sha1(f"{self.source}\n{self.text}".encode()).hexdigest()[:16]


# ----------------------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset(("script", "style", "noscript", "nav", "footer", "aside", "form", "svg", "button",
                        "iframe", "template", "select", "header", "figure"))
_BLOCK_TAGS = frozenset(("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                         "blockquote", "tr", "td", "th", "ul", "ol", "pre", "hr", "main", "dd", "dt"))
# page furniture: lines made only of these are not article text
_FURNITURE_RE = re.compile(
    r"^(?:sign up(?: to read this article| for our newsletter| now)?|subscribe(?: now| to read)?|"
    r"related(?: stories| articles| content| coverage)?|read more|most read|most popular|download the app|"
    r"share(?: this)?(?: article)?|advertisement|skip to (?:main )?content|cookie(?:s)? (?:policy|settings)|"
    r"accept(?: all)? cookies|follow us(?: on \w+)?|listen to this article|watch:?|trending|newsletter|"
    r"log in|sign in|menu|search|close|back to top|comments?|print|email)\W*$",
    re.IGNORECASE,
)


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title = ""
        self.in_title = False
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self.in_jsonld = False
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self.in_jsonld = True
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_jsonld = False
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.jsonld.append(data)
        elif self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def _jsonld_published(chunks: list[str]) -> str | None:
    for chunk in chunks:
        try:
            data = json.loads(chunk)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    return item["datePublished"]
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return None


def _clean_lines(text: str) -> str:
    lines = []
    for line in text.splitlines():
        line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
        if line and not _FURNITURE_RE.match(line):
            lines.append(line)
    return "\n\n".join(lines)


def document_from_html(html: str, *, source: str, published: dt.date | None = None, url: str = "") -> Document:
    """Strip an HTML page to its article text and read its publication date."""
    parser = _ArticleParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything else is a broken file
        raise InputError(f"{source}: cannot parse HTML ({exc})") from None
    if published is None:
        for raw in (parser.meta.get("article:published_time"), _jsonld_published(parser.jsonld),
                    parser.meta.get("datepublished"), parser.meta.get("date"), *parser.times):
            if raw:
                try:
                    published = parse_date(raw)
                    break
                except InputError:
                    continue
    title = (parser.meta.get("og:title") or parser.title).strip()
    return Document(_clean_lines("".join(parser.parts)), source, title=title,
                    url=url or parser.meta.get("og:url", ""), published=published)


_MD_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
# headings, quotes, list bullets, and emphasis marks at word edges ("**bold**", "_it_"; not "snake_case")
_MD_MARK_RE = re.compile(r"(?m)^(?:#{1,6}\s+|>\s?|[*+-]\s+)|(?<!\w)[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}(?!\w)")


_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,2}\s+(\S[^\n]*?)\s*#*\s*$", re.MULTILINE)
_TITLE_WORDS = 20  # a first line longer than this is prose, not a headline


def text_title(text: str, *, markdown: bool = False) -> str:
    r"""The headline of a plain-text or Markdown article: its first ``#`` heading (Markdown), else a short
    first line without a final full stop that a blank line separates from the body; "" when there is none.

    >>> text_title("Drones hit Odesa port\n\nRussian drones struck the port of Odesa.")
    'Drones hit Odesa port'
    >>> text_title("Russian drones struck the port of Odesa.\n\nTwo were hurt.")
    ''
    >>> text_title("Intro\n\n# Drones hit Odesa\n\nText.", markdown=True)
    'Drones hit Odesa'
    """
    if markdown and (m := _MD_HEADING_RE.search(text, 0, 20_000)):
        return _MD_MARK_RE.sub("", _MD_LINK_RE.sub(r"\1", m.group(1))).strip()
    head = text.lstrip()[:2_000]
    first, sep, rest = head.partition("\n")
    first = first.strip()
    if not sep or rest[:1] not in ("\n", "\r") and not rest.lstrip(" \t").startswith("\n"):
        return ""  # no blank line after it: the first line of a paragraph
    if not first or len(first.split()) > _TITLE_WORDS or first[-1] in ".!?:;,…" or not rest.strip():
        return ""
    return first


def document_from_text(text: str, *, source: str, published: dt.date | None = None, markdown: bool = False,
                       title: str = "", url: str = "") -> Document:
    """A plain-text or Markdown document (Markdown loses its link and emphasis syntax); without a ``title``,
    its headline (:func:`text_title`) is the title."""
    title = title or text_title(text, markdown=markdown)
    if markdown:
        text = _MD_MARK_RE.sub("", _MD_LINK_RE.sub(r"\1", text))
    return Document(text, source, title=title, url=url, published=published)


# ----------------------------------------------------------------------------- files

def document_from_record(rec: object, *, where: str, source: str, published: dt.date | None = None) -> Document:
    """One article from a JSON-like record: ``text`` (plain or HTML), optional ``title``, ``url``, ``published``.

    ``where`` names the record in errors ("corpus.jsonl: line 3"); ``source`` is the document's source when
    the record has no ``url``; ``published`` overrides the record's date.  JSONL lines and Parquet rows
    (:mod:`geoevents.engine`) both go through here.

    >>> document_from_record({"text": "Drones hit Kyiv.", "published": "2024-11-18"}, where="x", source="x:1").published
    datetime.date(2024, 11, 18)
    """
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        raise InputError(f"{where}: expected an object with a 'text' string")
    rec = dict(rec)
    for field_name in ("title", "url"):
        if not isinstance(rec.get(field_name) or "", str):
            rec[field_name] = ""  # a number where text belongs: ignored
        rec[field_name] = rec.get(field_name) or ""
    pub = published
    if pub is None and rec.get("published"):
        pub = parse_date(rec["published"], label=f"{where}: published")
    body = rec["text"]
    check_document_size(body, where)
    if "<" in body and re.search(r"</?(?:p|div|html|body|br)\b", body, re.IGNORECASE):
        doc = document_from_html(body, source=rec["url"] or source, published=pub, url=rec["url"])
        return Document(doc.text, doc.source, rec["title"] or doc.title, doc.url, doc.published)
    return Document(body, rec["url"] or source, rec["title"], rec["url"], pub)


def parse_jsonl_line(line: str, *, where: str) -> object:
    """The JSON value of one JSONL line; an InputError naming ``where`` if it is not JSON."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else (exc.args[0] if exc.args else exc)
        raise InputError(f"{where}: not JSON ({reason})") from None


def _jsonl_documents(path: Path, text: str, published: dt.date | None) -> Iterator[Document]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}: line {n}"
        yield document_from_record(parse_jsonl_line(line, where=where), where=where, source=f"{path}:{n}",
                                   published=published)


def read_documents(source: str | os.PathLike[str], *, published: dt.date | None = None,
                   encoding: str | None = None) -> Iterator[Document]:
    """Documents from a file, a folder (its text files, sorted), a JSONL file or "-" (stdin).

    ``published`` overrides the date found in the files; ``encoding`` the encoding
    :func:`~geoevents.io.textio.read_text` would detect.
    """
    if str(source) == "-":
        text = read_text("-", encoding=encoding)
        check_document_size(text, "<stdin>")
        if text.lstrip().startswith("<"):
            yield document_from_html(text, source="<stdin>", published=published)
        else:
            yield document_from_text(text, source="<stdin>", published=published)
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        if not files:
            raise InputError(f"{path}: folder has no .txt, .md, .html or .jsonl files")
        for f in files:
            yield from read_documents(f, published=published, encoding=encoding)
        return
    text = read_text(path, encoding=encoding)
    suffix = path.suffix.lower()
    if suffix != ".jsonl":
        check_document_size(text, str(path))  # a JSONL file holds many documents: each record is checked
    if suffix == ".jsonl":
        yield from _jsonl_documents(path, text, published)
    elif suffix in (".html", ".htm"):
        yield document_from_html(text, source=str(path), published=published)
    else:
        yield document_from_text(text, source=str(path), published=published, markdown=suffix in (".md", ".markdown"))
