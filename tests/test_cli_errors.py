"""One error path: every command refuses an unusable output before any work, in one line, without a traceback."""

from __future__ import annotations

import inspect
import os
import sys
import tempfile
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geoevents.cli import app

if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()

ARTICLE = "Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed.\n"

# command -> (the suffix of its output, how to call it given (input folder, output path))
COMMANDS = {
    "extract": (".jsonl", lambda d, out: ["extract", str(d / "a.jsonl"), "-o", out]),
    "export": (".csv", lambda d, out: ["export", str(d / "a.csv"), "-o", out]),
    "map": (".html", lambda d, out: ["map", str(d / "a.html"), "-o", out]),
    "report": (".html", lambda d, out: ["report", str(d / "a.html"), "-o", out]),
    "aggregate": (".csv", lambda d, out: ["aggregate", str(d / "parts.parquet"), "-o", out]),
    "query": (".gpkg", lambda d, out: ["query", "--store", str(d / "s.gpkg"), "-o", out]),
    "add": (".gpkg", lambda d, out: ["add", str(d / "a.html"), "--store", out]),
}
# each command's input that has the output's suffix: writing over it must be refused
SAME_AS_INPUT = {"extract": "a.jsonl", "export": "a.csv", "map": "a.html", "report": "a.html",
                 "aggregate": "parts.parquet", "query": "s.gpkg"}
BAD_OUTPUTS = ["folder", "missing folder", "read-only folder", "input", "read-only file system"]


def _inputs(folder: Path) -> None:
    (folder / "a.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    (folder / "a.jsonl").write_text('{"text": "%s"}\n' % ARTICLE.strip())
    (folder / "a.csv").write_text("event_date,event_type,location,latitude,longitude\n"
                                  "2024-11-17,Battles,Pokrovsk,48.28,37.18\n")
    (folder / "parts.parquet").mkdir()
    (folder / "s.gpkg").write_bytes(b"")


def _bad_output(folder: Path, command: str, kind: str) -> str | None:
    suffix = COMMANDS[command][0]
    if kind == "folder":
        (folder / f"out{suffix}").mkdir()
        return str(folder / f"out{suffix}")
    if kind == "missing folder":
        return str(folder / "nowhere" / f"out{suffix}")
    if kind == "read-only folder":
        if os.geteuid() == 0:  # root writes anywhere but on a read-only file system
            return None
        locked = folder / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        return str(locked / f"out{suffix}")
    if kind == "input":
        return str(folder / SAME_AS_INPUT[command]) if command in SAME_AS_INPUT else None
    if Path("/proc/self").is_dir():  # read-only file system
        return f"/proc/geoevents-out{suffix}"
    return None


def _tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): (p.stat().st_size if p.is_file() else -1) for p in sorted(folder.rglob("*"))}


def test_cli_errors_every_command_with_an_output_is_covered():
    group = typer.main.get_command(app)
    writing = {name for name, cmd in group.commands.items()
               if any(opt in ("--output", "--store") for p in cmd.params for opt in getattr(p, "opts", ()))}
    assert writing == set(COMMANDS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(sorted(COMMANDS)), kind=st.sampled_from(BAD_OUTPUTS))
def test_cli_errors_unusable_output_is_refused_in_one_line(command, kind):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _inputs(folder)
        out = _bad_output(folder, command, kind)
        if out is None:
            return
        before = _tree(folder)
        try:
            result = runner.invoke(app, COMMANDS[command][1](folder, out))
        finally:
            locked = folder / "locked"
            if locked.exists():
                locked.chmod(0o755)
        assert result.exit_code != 0, (command, kind, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("geoevents: "), (command, kind, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert isinstance(result.exception, SystemExit)
        assert _tree(folder) == before, (command, kind)
        assert not Path(f"/proc/geoevents-out{COMMANDS[command][0]}").exists()


def test_cli_errors_export_refuses_to_overwrite_its_input(tmp_path):
    _inputs(tmp_path)
    table = tmp_path / "a.csv"
    before = table.read_bytes()
    result = runner.invoke(app, ["export", str(table), "-o", str(table)])
    assert result.exit_code == 2
    assert result.stderr == f"geoevents: {table}: is also an input; write the output to another file\n"
    assert table.read_bytes() == before


def test_cli_errors_library_error_is_one_line_and_debug_shows_it(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": \n')
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"geoevents: {bad}: line 1: not JSON") and result.stderr.count("\n") == 1
    debug = runner.invoke(app, ["--debug", "extract", str(bad)])
    from geoevents.core.errors import InputError

    assert debug.exit_code != 0 and isinstance(debug.exception, InputError)


def test_cli_errors_os_error_names_the_file(tmp_path, monkeypatch):
    import geoevents.outputs as outputs

    def denied(events, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(outputs, "write_events", denied)
    _inputs(tmp_path)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", str(tmp_path / "a.csv"), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"geoevents: {out}: Permission denied\n"


@pytest.mark.parametrize("option", ["--published", "--quiet", "--output"])
def test_cli_errors_shared_options_are_declared_once(option):
    """Every command spells a shared option the same way, with the same help."""
    group = typer.main.get_command(app)
    helps = {p.help for cmd in group.commands.values() for p in cmd.params if option in getattr(p, "opts", ())}
    expected = 1 if option != "--output" else len(helps)  # --output says what each command writes
    assert len(helps) == expected
    source = Path(inspect.getsourcefile(app.registered_commands[0].callback)).read_text()
    assert source.count(f'typer.Option("{option}"') == 1


def test_cli_long_inputs_show_progress_on_a_terminal(monkeypatch):
    import io

    from geoevents import cli
    from geoevents.io.ingest import Document

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    big = [Document("Russian drones struck Odesa. " * 40_000, "big.txt")]  # 1.2 MB of text
    small = [Document("Russian drones struck Odesa.", "small.txt")]
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    with cli._progress(big) as docs:
        assert [d.source for d in docs] == ["big.txt"]
    assert "extracting" in err.getvalue() and "big.txt (1.2 MB)" in err.getvalue() and "100%" in err.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    with cli._progress(small) as docs:
        assert [d.source for d in docs] == ["small.txt"]
    assert quiet.getvalue() == ""  # a short run shows no bar
