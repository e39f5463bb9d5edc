"""The ``geoevents eval`` and ``geoevents geoparse`` commands, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents.cli import app
from geoevents.geoparsing.evaluation import EvalReport

runner = CliRunner()

# Two short documents written for this test, with hand-placed coordinates.
DOC1 = "Drones struck Kharkiv overnight, and air-raid sirens sounded across Ukraine."
DOC2 = "Russia moved more troops into the Kursk region, officials in Kyiv said."

GEOPARSE_TEXT = (
    "Explosions were heard in Kharkiv on Friday. Moscow's invasion of Ukraine continues, "
    "and North Korean troops are deployed in the Kursk region.\n"
)


def _top(text: str, name: str, lat: float | None, lon: float | None) -> dict:
    start = text.index(name)
    return {"start": start, "end": start + len(name), "name": name, "lat": lat, "lon": lon}


CORPUS = [
    {
        "id": "t-1",
        "text": DOC1,
        "toponyms": [_top(DOC1, "Kharkiv", 49.98081, 36.25272), _top(DOC1, "Ukraine", 49.0, 32.0)],
    },
    {
        "id": "t-2",
        "text": DOC2,
        "toponyms": [
            _top(DOC2, "Russia", 60.0, 100.0),
            _top(DOC2, "Kursk region", 51.68, 36.08),
            _top(DOC2, "Kyiv", 50.45466, 30.5238),
        ],
    },
]


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in CORPUS), encoding="utf-8")
    return path


# ---------------------------------------------------------------- eval


def test_eval_cli_table(corpus):
    result = run("eval", str(corpus))
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in ("precision", "recall", "acc@161", "geo-F1", "AUC", "docs/second"):
        assert word in out, word
    rows = dict(line.rsplit(None, 1) for line in out.splitlines() if line.strip())
    assert rows["documents"] == "2"
    assert rows["gold toponyms"] == "5"


def test_eval_cli_json(corpus):
    result = run("eval", "--json", str(corpus))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == set(EvalReport.__dataclass_fields__)
    for key in ("precision", "recall", "f1", "acc161", "geo_f1", "median_error_km", "auc"):
        assert key in data
    assert data["documents"] == 2 and data["gold"] == 5
    for key in ("precision", "recall", "f1", "acc161", "geo_f1"):
        assert 0.0 <= data[key] <= 1.0, key
    # every gold toponym here is easy: the geoparser should find and place all of them
    assert data["recall"] == 1.0 and data["acc161"] == 1.0


def test_eval_cli_limit(corpus):
    result = run("eval", "--json", "--limit", "1", str(corpus))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 1 and data["gold"] == 2


@pytest.mark.parametrize(
    "bad_line",
    [
        "this is not json",
        json.dumps({"id": "x", "toponyms": []}),  # no text
        json.dumps({"text": "Kyiv", "toponyms": [{"start": 0, "end": 99, "lat": 1.0, "lon": 2.0}]}),
    ],
)
def test_eval_cli_bad_corpus_line(tmp_path, bad_line):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(CORPUS[0]) + "\n" + bad_line + "\n", encoding="utf-8")
    result = run("eval", str(path))
    assert result.exit_code != 0
    line = _one_line(result.stderr)
    assert str(path) in line
    assert "line 2" in line
    assert result.stdout == ""


def test_eval_cli_missing_corpus(tmp_path):
    path = tmp_path / "nope.jsonl"
    result = run("eval", str(path))
    assert result.exit_code != 0
    assert str(path) in _one_line(result.stderr)


# ---------------------------------------------------------------- geoparse


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.txt"
    path.write_text(GEOPARSE_TEXT, encoding="utf-8")
    return path


def test_geoparse_cli_table(text_file):
    result = run("geoparse", str(text_file))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0].split()[:3] == ["span", "text", "place"]
    for name in ("Kharkiv", "Ukraine", "Kursk Oblast", "possessive", "demonym"):
        assert name in out, name


def test_geoparse_cli_json(text_file):
    result = run("geoparse", "--json", str(text_file))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and data
    for item in data:
        for key in ("start", "end", "text", "lat", "lon", "kind", "country", "non_literal"):
            assert key in item, key
        assert GEOPARSE_TEXT[item["start"] : item["end"]] == item["text"]
    by_text = {item["text"]: item for item in data}
    assert by_text["Kharkiv"]["country"] == "UA"
    assert abs(by_text["Kharkiv"]["lat"] - 49.98) < 0.2 and abs(by_text["Kharkiv"]["lon"] - 36.25) < 0.2
    assert by_text["Kursk region"]["admin1_iso"] == "RU-KRS"


def test_geoparse_cli_missing_file(tmp_path):
    path = tmp_path / "missing.txt"
    result = run("geoparse", str(path))
    assert result.exit_code == 1
    assert str(path) in _one_line(result.stderr)
    assert result.stdout == ""


def test_geoparse_cli_binary_file(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4)
    result = run("geoparse", str(path))
    assert result.exit_code == 1
    assert str(path) in _one_line(result.stderr)
    assert result.stdout == ""


def test_geoparse_cli_stdin():
    result = run("geoparse", "--json", "-", input=GEOPARSE_TEXT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert any(item["text"] == "Kharkiv" and item["country"] == "UA" for item in data)


def test_geoparse_cli_stdin_table():
    result = run("geoparse", "-", input="Shelling hit Kharkiv again.\n")
    assert result.exit_code == 0, result.output
    assert "Kharkiv" in result.stdout


def test_geoparse_cli_no_places(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("nothing to see here.\n", encoding="utf-8")
    result = run("geoparse", "--json", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
