"""Tests for :mod:`geoevents.geoparsing.evaluation`."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoevents.geoparsing.evaluation import (
    EvalReport,
    evaluate,
    haversine_km,
    load_corpus,
    match_spans,
)

# the annotated development corpora live outside the repository: $GEOEVENTS_EVAL_DIR, or ../shared/eval
EVAL_DIR = Path(os.environ.get("GEOEVENTS_EVAL_DIR") or Path(__file__).resolve().parents[2] / "shared" / "eval")
DEV_CORPUS = EVAL_DIR / "geowebnews-dev.jsonl"

PARIS_TX = (33.66094, -95.55551)
PARIS_FR = (48.85341, 2.3488)
LONDON = (51.50853, -0.12574)


@dataclass
class Pred:
    """A minimal prediction object as returned by a parser."""

    start: int
    end: int
    lat: float | None = None
    lon: float | None = None


def _top(text: str, name: str, lat: float | None, lon: float | None, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return {"start": start, "end": start + len(name), "name": name, "lat": lat, "lon": lon}


def _write(tmp_path: Path, docs: list[dict], name: str = "corpus.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _parser(table: dict[str, list[Pred]]):
    return lambda text: table[text]


TEXT = "Storms hit Paris and London on Monday."


def _paris_london_doc() -> dict:
    return {
        "id": "d1",
        "text": TEXT,
        "toponyms": [_top(TEXT, "Paris", *PARIS_TX), _top(TEXT, "London", *LONDON)],
    }


def test_evaluation_perfect_parser_scores_one(tmp_path):
    doc = _paris_london_doc()
    path = _write(tmp_path, [doc])
    preds = [Pred(t["start"], t["end"], t["lat"], t["lon"]) for t in doc["toponyms"]]
    report = evaluate(path, _parser({TEXT: preds}))
    assert (report.documents, report.gold, report.predicted, report.true_positives) == (1, 2, 2, 2)
    assert report.precision == report.recall == report.f1 == 1.0
    assert report.acc161 == 1.0
    assert report.geo_f1 == 1.0
    assert report.median_error_km == pytest.approx(0.0, abs=1e-6)
    assert report.auc == pytest.approx(0.0, abs=1e-9)
    assert report.seconds >= 0.0 and report.docs_per_second > 0.0


def test_evaluation_far_prediction_counts_for_recognition_only(tmp_path):
    path = _write(tmp_path, [_paris_london_doc()])
    paris, london = _paris_london_doc()["toponyms"]
    preds = [
        Pred(paris["start"], paris["end"], *PARIS_FR),  # Paris, France for Paris, Texas
        Pred(london["start"], london["end"], *LONDON),
    ]
    report = evaluate(path, _parser({TEXT: preds}))
    assert report.f1 == 1.0
    assert report.acc161 == 0.5
    assert report.geo_f1 == pytest.approx(0.5)
    far = haversine_km(*PARIS_TX, *PARIS_FR)
    assert far > 7000
    assert report.median_error_km == pytest.approx(far / 2, rel=1e-6)
    expected_auc = (math.log1p(far) / math.log1p(20038) + math.log1p(haversine_km(*LONDON, *LONDON)) / math.log1p(20038)) / 2
    assert report.auc == pytest.approx(expected_auc)


def test_evaluation_unresolved_prediction_is_a_miss(tmp_path):
    path = _write(tmp_path, [_paris_london_doc()])
    paris, london = _paris_london_doc()["toponyms"]
    preds = [Pred(paris["start"], paris["end"]), Pred(london["start"], london["end"], *LONDON)]
    report = evaluate(path, _parser({TEXT: preds}))
    assert report.f1 == 1.0
    assert report.acc161 == 0.5
    assert report.geo_f1 == pytest.approx(0.5)
    assert report.median_error_km == pytest.approx(20038 / 2)
    assert report.auc == pytest.approx(0.5)


def test_evaluation_overlapping_spans_match(tmp_path):
    text = "Flooding in New York City and near Lake Geneva."
    doc = {"text": text, "toponyms": [_top(text, "New York City", 40.71427, -74.00597), _top(text, "Lake Geneva", 46.45, 6.55)]}
    path = _write(tmp_path, [doc])
    ny = text.index("New York")
    geneva = text.index("Geneva")
    preds = [Pred(ny, ny + len("New York"), 40.71427, -74.00597), Pred(geneva, geneva + len("Geneva."), 46.20222, 6.14569)]
    report = evaluate(path, _parser({text: preds}))
    assert report.true_positives == 2
    assert report.f1 == 1.0
    assert report.acc161 == 1.0


def test_evaluation_gold_used_once_when_two_predictions_overlap(tmp_path):
    text = "Rain over New York City today."
    doc = {"text": text, "toponyms": [_top(text, "New York City", 40.71427, -74.00597)]}
    path = _write(tmp_path, [doc])
    s = text.index("New")
    preds = [Pred(s, s + 3, 40.7, -74.0), Pred(s + 4, s + 13, 40.7, -74.0)]
    report = evaluate(path, _parser({text: preds}))
    assert (report.gold, report.predicted, report.true_positives) == (1, 2, 1)
    assert report.precision == 0.5
    assert report.recall == 1.0
    assert report.f1 == pytest.approx(2 / 3)
    assert report.geo_f1 == pytest.approx(2 / 3)


def test_evaluation_null_coordinate_gold_ignored(tmp_path):
    text = "Shots near Elm Street in Dallas."
    doc = {"text": text, "toponyms": [_top(text, "Elm Street", None, None), _top(text, "Dallas", 32.78306, -96.80667)]}
    path = _write(tmp_path, [doc])
    elm = text.index("Elm")
    dallas = text.index("Dallas")
    preds = [Pred(elm, elm + 3, 32.78, -96.8), Pred(dallas, dallas + 6, 32.78306, -96.80667)]
    report = evaluate(path, _parser({text: preds}))
    assert report.gold == 1
    assert report.predicted == 1  # the prediction over "Elm Street" is not a false positive
    assert report.precision == report.recall == report.f1 == 1.0
    # Without any prediction there, nothing is missed either.
    report2 = evaluate(path, _parser({text: preds[1:]}))
    assert report2.recall == 1.0 and report2.f1 == 1.0


def test_evaluation_false_positive_and_missed_gold(tmp_path):
    path = _write(tmp_path, [_paris_london_doc()])
    paris, _ = _paris_london_doc()["toponyms"]
    monday = TEXT.index("Monday")
    preds = [Pred(paris["start"], paris["end"], *PARIS_TX), Pred(monday, monday + 6, 0.0, 0.0)]
    report = evaluate(path, _parser({TEXT: preds}))
    assert (report.gold, report.predicted, report.true_positives) == (2, 2, 1)
    assert report.precision == report.recall == report.f1 == 0.5
    assert report.acc161 == 1.0


def test_evaluation_bad_json_line_raises(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(_paris_london_doc()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.jsonl: line 2: "):
        load_corpus(path)
    with pytest.raises(ValueError, match=r"broken\.jsonl: line 2: "):
        evaluate(path, lambda text: [])


def test_evaluation_missing_text_raises(tmp_path):
    path = _write(tmp_path, [_paris_london_doc(), {"id": "x", "toponyms": []}], name="notext.jsonl")
    with pytest.raises(ValueError, match=r"notext\.jsonl: line 2: missing 'text'"):
        load_corpus(path)


def test_evaluation_accepts_loaded_list_and_limit(tmp_path):
    docs = [_paris_london_doc(), {"id": "d2", "text": "Nothing here.", "toponyms": []}]
    calls: list[str] = []

    def parse(text: str):
        calls.append(text)
        return []

    report = evaluate(docs, parse, limit=1)
    assert report.documents == 1 and calls == [TEXT]
    assert (report.gold, report.predicted, report.true_positives) == (2, 0, 0)
    assert report.precision == report.recall == report.f1 == report.geo_f1 == 0.0
    assert report.acc161 == 0.0 and report.auc == 1.0


def test_evaluation_report_dict_and_table():
    report = evaluate([], lambda text: [])
    assert isinstance(report, EvalReport)
    d = report.as_dict()
    assert list(d) == [
        "documents", "gold", "predicted", "true_positives", "precision", "recall", "f1",
        "acc161", "median_error_km", "auc", "geo_f1", "docs_per_second", "seconds",
    ]
    json.dumps(d)
    table = report.format_table()
    assert len(table.splitlines()) == len(d)
    assert "precision" in table and "acc@161km" in table


def test_evaluation_haversine_known_distances():
    assert haversine_km(*LONDON, *LONDON) == 0.0
    assert haversine_km(*PARIS_FR, *LONDON) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(math.pi * 6371.0088)


def test_evaluation_match_spans_prefers_largest_overlap():
    assert match_spans([(0, 5), (10, 15)], [(11, 15), (0, 3), (1, 5)]) == [(0, 2), (1, 0)]
    assert match_spans([(0, 4)], [(4, 8)]) == []  # touching is not overlapping
    assert match_spans([], [(0, 1)]) == []


_spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(_spans, _spans)
def test_evaluation_match_spans_one_to_one_and_deterministic(gold, pred):
    pairs = match_spans(gold, pred)
    assert pairs == match_spans(list(gold), list(pred))
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    for i, j in pairs:
        assert min(gold[i][1], pred[j][1]) > max(gold[i][0], pred[j][0])
    # Maximality: no unused gold/pred pair still overlaps.
    used_g = {i for i, _ in pairs}
    used_p = {j for _, j in pairs}
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if i not in used_g and j not in used_p:
                assert min(g[1], p[1]) <= max(g[0], p[0])


def test_evaluation_oracle_on_dev_corpus():
    if not DEV_CORPUS.exists():
        pytest.skip(f"{DEV_CORPUS} not available (set GEOEVENTS_EVAL_DIR to the folder of the annotated corpora)")
    docs = load_corpus(DEV_CORPUS)
    # All gold toponyms, including the few without coordinates (returned
    # unresolved): those must neither count as gold nor as false positives.
    table = {
        d["text"]: [Pred(t["start"], t["end"], t["lat"], t["lon"]) for t in d["toponyms"]]
        for d in docs
    }
    report = evaluate(DEV_CORPUS, _parser(table))
    assert report.documents == 97
    assert report.gold == 1233
    assert report.predicted == report.true_positives == 1233
    assert report.f1 == 1.0
    assert report.acc161 == 1.0
    assert report.geo_f1 == 1.0
    assert report.auc == pytest.approx(0.0, abs=1e-9)
    assert evaluate(docs, _parser(table), limit=10).documents == 10
