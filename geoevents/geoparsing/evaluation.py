"""Score a geoparser against an annotated toponym corpus.

The corpus is JSONL, one document per line, in the layout of
``/work/shared/eval/README.md`` (GeoWebNews converted from XML)::

    {"id": "gwn-2", "text": "...",
     "toponyms": [{"start": 98, "end": 100, "name": "UK",
                   "lat": 54.75844, "lon": -2.69531, ...}, ...],
     ...}

A parser is any callable ``parse(text) -> Sequence[obj]`` whose items have
the attributes ``start`` and ``end`` (character offsets into ``text``, end
exclusive) and ``lat`` / ``lon`` (WGS84 degrees, or ``None`` when the parser
found a toponym but could not resolve it).

What is scored
--------------
* **Gold toponyms** are all entries of ``toponyms`` that carry both ``lat``
  and ``lon``, literal and non-literal uses alike (``Literal``,
  ``Metonymic``, ``Non_Literal_Modifier``, ...).  Entries whose coordinates
  are null are *ignored*: they are not gold, and a prediction that matches
  no gold toponym but overlaps such an ignored span is dropped rather than
  counted as a false positive.  ``other_spans`` play no special role: a
  prediction over one of them is an ordinary false positive.
* **Recognition** (:func:`match_spans`): a prediction matches a gold span it
  overlaps by at least one character; each gold span and each prediction is
  used at most once.  Precision = tp / predicted, recall = tp / gold,
  F1 = their harmonic mean (0 when undefined).
* **Resolution** is measured on the matched gold toponyms only, with the
  great-circle distance (:func:`haversine_km`, sphere of radius
  6371.0088 km) between gold and predicted coordinates.  An unresolved
  prediction (``lat`` or ``lon`` is ``None`` or not finite) gets the maximum
  error, :data:`MAX_ERROR_KM` = 20038 km.

  - ``acc161``: share of matched gold toponyms with error <= 161 km.
  - ``median_error_km``: median error over matched gold toponyms.
  - ``auc``: see :class:`EvalReport`.
  - ``geo_f1``: F1 where a true positive must both overlap a gold span and
    be resolved within 161 km of it.

  When no gold toponym is matched these metrics take their worst values
  (acc161 = 0, median error = 20038 km, AUC = 1, geo-F1 = 0).
* **Speed**: only the time spent inside ``parse`` (including materialising
  its result into a list) is measured, with :func:`time.perf_counter`.

Example::

    from geoevents.geoparsing.evaluation import evaluate
    report = evaluate("/work/shared/eval/geowebnews-dev.jsonl", my_parser)
    print(report.format_table())
"""

from __future__ import annotations

import json
import math
import os
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeGuard

from ..core.errors import InputError
from ..gazetteer.gazetteer import EARTH_RADIUS_KM, haversine_km  # one great-circle formula for the whole package

__all__ = [
    "EARTH_RADIUS_KM",
    "MAX_ERROR_KM",
    "ACCURACY_KM",
    "EvalReport",
    "load_corpus",
    "evaluate",
    "match_spans",
    "haversine_km",
]

#: Mean Earth radius (IUGG) used for all distances, in km.
#: Error assigned to unresolved predictions, and the normaliser of the
#: log-error AUC (roughly half the Earth's circumference), in km.
MAX_ERROR_KM = 20038.0
#: Distance tolerance of ``acc161`` and ``geo_f1``, in km (100 miles).
ACCURACY_KM = 161.0

_LOG_MAX_ERROR = math.log1p(MAX_ERROR_KM)


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores of one parser on one corpus.

    Attributes:
        documents: number of documents scored.
        gold: number of gold toponyms (toponyms with coordinates).
        predicted: number of predictions counted for precision (predictions
            that overlap only an ignored, coordinate-less gold span are
            excluded).
        true_positives: predictions matched to a gold toponym.
        precision: ``true_positives / predicted`` (0 when ``predicted`` is 0).
        recall: ``true_positives / gold`` (0 when ``gold`` is 0).
        f1: harmonic mean of precision and recall (0 when both are 0).
        acc161: share of matched gold toponyms whose prediction lies within
            161 km; an unresolved prediction counts as a miss.
        median_error_km: median error over matched gold toponyms, unresolved
            predictions counting as :data:`MAX_ERROR_KM` (20038 km).
        auc: area under the curve of normalised log-error (Gritta et al.
            2018, "What's missing in geographical parsing?").  For each
            matched gold toponym ``err = log(1 + km) / log(1 + 20038)``,
            where ``km`` is the error in km capped at 20038 (so ``err`` is
            in [0, 1]; an unresolved prediction has ``err = 1``).
            ``auc = mean(err)``, which is exactly the area under the step
            curve of the sorted errors plotted against the fraction of
            toponyms on [0, 1].  0 is perfect, 1 is worst; lower is better.
        geo_f1: F1 where a true positive must overlap a gold span *and* be
            resolved within 161 km: ``geo_p = geo_tp / predicted``,
            ``geo_r = geo_tp / gold``.
        docs_per_second: ``documents / seconds`` (0 when no document was
            parsed).
        seconds: wall-clock seconds spent inside the ``parse`` callable.

    When no gold toponym is matched, ``acc161``, ``median_error_km`` and
    ``auc`` take their worst values (0, 20038, 1).
    """

    documents: int
    gold: int
    predicted: int
    true_positives: int
    precision: float
    recall: float
    f1: float
    acc161: float
    median_error_km: float
    auc: float
    geo_f1: float
    docs_per_second: float
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        """Return the report as a plain ``{field: value}`` dict (JSON-ready)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def format_table(self) -> str:
        """Return a human-readable table, one metric per line."""
        rows = [
            ("documents", f"{self.documents}"),
            ("gold toponyms", f"{self.gold}"),
            ("predicted", f"{self.predicted}"),
            ("true positives", f"{self.true_positives}"),
            ("precision", f"{self.precision:.4f}"),
            ("recall", f"{self.recall:.4f}"),
            ("F1", f"{self.f1:.4f}"),
            ("acc@161km", f"{self.acc161:.4f}"),
            ("median error (km)", f"{self.median_error_km:.1f}"),
            ("AUC (lower is better)", f"{self.auc:.4f}"),
            ("geo-F1", f"{self.geo_f1:.4f}"),
            ("docs/second", f"{self.docs_per_second:.2f}"),
            ("parse seconds", f"{self.seconds:.3f}"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


# --------------------------------------------------------------------------
# Geometry


# --------------------------------------------------------------------------
# Span matching


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def match_spans(
    gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Match predicted spans to gold spans one-to-one by overlap.

    A pair is a candidate when the two half-open spans ``[start, end)``
    share at least one character.  Candidates are taken greedily, largest
    overlap first; ties are broken by the fewest non-shared characters (so
    an exact match beats a sloppy one), then in text order (gold start,
    gold end, prediction start, prediction end, then list indices), which
    makes the result deterministic.  Each gold span and each prediction is
    used at most once.

    Returns:
        ``(gold_index, pred_index)`` pairs, sorted by gold index.

    >>> match_spans([(0, 5), (10, 15)], [(11, 15), (0, 3), (1, 5)])
    [(0, 2), (1, 0)]
    """
    order = sorted(range(len(pred)), key=lambda j: (pred[j][0], pred[j][1], j))
    candidates: list[tuple[int, int, int, int, int, int, int, int]] = []
    for i, g in enumerate(gold):
        g_len = g[1] - g[0]
        for j in order:
            p = pred[j]
            if p[0] >= g[1]:
                break
            ov = _overlap(g, p)
            if ov > 0:
                extra = g_len + (p[1] - p[0]) - 2 * ov
                candidates.append((-ov, extra, g[0], g[1], p[0], p[1], i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in candidates:
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    pairs.sort()
    return pairs


# --------------------------------------------------------------------------
# Corpus loading


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_coord(value: object) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _check_document(doc: object) -> str | None:
    """Return a description of what is wrong with ``doc``, or ``None``."""
    if not isinstance(doc, dict):
        return f"expected a JSON object, got {type(doc).__name__}"
    text = doc.get("text")
    if text is None:
        return "missing 'text'"
    if not isinstance(text, str):
        return f"'text' must be a string, got {type(text).__name__}"
    toponyms = doc.get("toponyms", [])
    if toponyms is None:
        return None
    if not isinstance(toponyms, list):
        return f"'toponyms' must be a list, got {type(toponyms).__name__}"
    for k, top in enumerate(toponyms):
        if not isinstance(top, dict):
            return f"toponyms[{k}]: expected an object, got {type(top).__name__}"
        start, end = top.get("start"), top.get("end")
        if not (_is_int(start) and _is_int(end)):
            return f"toponyms[{k}]: 'start' and 'end' must be integers"
        if not 0 <= start <= end <= len(text):
            return f"toponyms[{k}]: span [{start}, {end}) outside text of length {len(text)}"
        if not (_is_coord(top.get("lat")) and _is_coord(top.get("lon"))):
            return f"toponyms[{k}]: 'lat' and 'lon' must be numbers or null"
    return None


def load_corpus(path: str | os.PathLike[str]) -> list[dict]:
    """Read an evaluation corpus from a JSONL file.

    Blank lines are skipped.  Each other line must be a JSON object with a
    string ``text``; ``toponyms``, when present, must be a list of objects
    with integer ``start``/``end`` inside the text and numeric-or-null
    ``lat``/``lon``.

    Raises:
        ValueError: ``"<path>: line N: <problem>"`` (N is 1-based) for a line
            that is not valid JSON or not a valid document.
    """
    docs: list[dict] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{os.fspath(path)}: line {lineno}: invalid JSON: {exc.msg}") from exc
            problem = _check_document(doc)
            if problem is not None:
                raise InputError(f"{os.fspath(path)}: line {lineno}: {problem}")
            docs.append(doc)
    return docs


# --------------------------------------------------------------------------
# Evaluation


def _span_of(obj: object, where: str) -> tuple[int, int]:
    try:
        start, end = obj.start, obj.end  # type: ignore[attr-defined]
    except AttributeError as exc:
        raise TypeError(f"{where}: prediction {obj!r} lacks 'start'/'end'") from exc
    if not (_is_int(start) and _is_int(end)) or end < start:
        raise InputError(f"{where}: prediction has invalid span start={start!r} end={end!r}")
    return start, end


def _coords_of(obj: object) -> tuple[float, float] | None:
    lat = getattr(obj, "lat", None)
    lon = getattr(obj, "lon", None)
    if lat is None or lon is None:
        return None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        return None
    return lat_f, lon_f


def _f1(p: float, r: float) -> float:
    return 2.0 * p * r / (p + r) if p + r > 0 else 0.0


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _documents(
    corpus: str | os.PathLike[str] | Iterable[dict], limit: int | None
) -> list[dict]:
    if isinstance(corpus, (str, os.PathLike)):
        docs = load_corpus(corpus)
    else:
        docs = list(corpus)
        for n, doc in enumerate(docs):
            problem = _check_document(doc)
            if problem is not None:
                raise InputError(f"corpus document {n}: {problem}")
    if limit is not None:
        if limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        docs = docs[:limit]
    return docs


def evaluate(
    corpus: str | os.PathLike[str] | list[dict],
    parse: Callable[[str], Sequence[object]],
    *,
    limit: int | None = None,
) -> EvalReport:
    """Run ``parse`` over every document of ``corpus`` and score it.

    Args:
        corpus: path of a JSONL corpus (read with :func:`load_corpus`) or an
            already-loaded list of document dicts.
        parse: ``parse(text)`` returning objects with ``start``, ``end``,
            ``lat`` and ``lon`` attributes (``lat``/``lon`` may be ``None``).
        limit: score only the first ``limit`` documents (all when ``None``).

    Returns:
        An :class:`EvalReport`; see the module docstring for the rules.

    Raises:
        ValueError: on a malformed corpus or a prediction with a bad span.
        TypeError: on a prediction without ``start``/``end``.
    """
    docs = _documents(corpus, limit)
    n_gold = n_pred = tp = geo_tp = 0
    errors: list[float] = []
    seconds = 0.0
    for n, doc in enumerate(docs):
        text = doc["text"]
        where = f"document {doc.get('id', n)!s}"
        gold = _gold_of(doc)
        t0 = time.perf_counter()
        predictions = list(parse(text))
        seconds += time.perf_counter() - t0
        d_gold, d_pred, d_tp, d_geo_tp = _score_document(gold, predictions, where, errors)
        n_gold, n_pred, tp, geo_tp = n_gold + d_gold, n_pred + d_pred, tp + d_tp, geo_tp + d_geo_tp
    return _report(len(docs), n_gold, n_pred, tp, geo_tp, errors, seconds)


def _gold_of(doc: dict) -> tuple[list[tuple[int, int]], list[tuple[float, float]], list[tuple[int, int]]]:
    """(spans, coordinates) of a document's gold toponyms, and the spans of those without coordinates."""
    gold_spans: list[tuple[int, int]] = []
    gold_coords: list[tuple[float, float]] = []
    ignored_spans: list[tuple[int, int]] = []
    for top in doc.get("toponyms") or ():
        span = (top["start"], top["end"])
        if top.get("lat") is None or top.get("lon") is None:
            ignored_spans.append(span)
        else:
            gold_spans.append(span)
            gold_coords.append((float(top["lat"]), float(top["lon"])))
    return gold_spans, gold_coords, ignored_spans


def _score_document(gold: tuple[list[tuple[int, int]], list[tuple[float, float]], list[tuple[int, int]]],
                    predictions: list[object], where: str, errors: list[float]) -> tuple[int, int, int, int]:
    """(gold, predicted, true positives, true positives within ACCURACY_KM) of one document, from its gold
    (:func:`_gold_of`) and the parser's predictions; the distance error of each matched prediction is
    appended to ``errors``."""
    gold_spans, gold_coords, ignored_spans = gold
    pred_spans = [_span_of(p, where) for p in predictions]
    pairs = match_spans(gold_spans, pred_spans)
    matched_preds = {j for _, j in pairs}

    # Unmatched predictions over coordinate-less gold spans are not
    # false positives: drop them from the prediction count.
    dropped = sum(
        1
        for j, span in enumerate(pred_spans)
        if j not in matched_preds and any(_overlap(span, ig) > 0 for ig in ignored_spans)
    )
    geo_tp = 0
    for i, j in pairs:
        coords = _coords_of(predictions[j])
        if coords is None:
            err = MAX_ERROR_KM
        else:
            err = min(MAX_ERROR_KM, haversine_km(*gold_coords[i], *coords))
            if err <= ACCURACY_KM:
                geo_tp += 1
        errors.append(err)
    return len(gold_spans), len(pred_spans) - dropped, len(pairs), geo_tp


def _report(documents: int, n_gold: int, n_pred: int, tp: int, geo_tp: int, errors: list[float],
            seconds: float) -> EvalReport:
    """The :class:`EvalReport` of the corpus-wide counts."""
    precision = _ratio(tp, n_pred)
    recall = _ratio(tp, n_gold)
    if errors:
        acc161 = sum(1 for e in errors if e <= ACCURACY_KM) / len(errors)
        median_error = float(statistics.median(errors))
        auc = sum(math.log1p(e) / _LOG_MAX_ERROR for e in errors) / len(errors)
    else:
        acc161, median_error, auc = 0.0, MAX_ERROR_KM, 1.0
    geo_f1 = _f1(_ratio(geo_tp, n_pred), _ratio(geo_tp, n_gold))

    if seconds > 0:
        dps = documents / seconds
    else:
        dps = 0.0 if not documents else math.inf

    return EvalReport(
        documents=documents,
        gold=n_gold,
        predicted=n_pred,
        true_positives=tp,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        acc161=acc161,
        median_error_km=median_error,
        auc=auc,
        geo_f1=geo_f1,
        docs_per_second=dps,
        seconds=seconds,
    )
