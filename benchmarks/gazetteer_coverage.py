#!/usr/bin/env python3
"""How much of an annotated corpus's gold toponyms the gazetteer can hold.

    python benchmarks/gazetteer_coverage.py /work/shared/eval/geowebnews-dev.jsonl [--missing N] [--json]

For every gold toponym with coordinates (literal or not, as ``geoevents
eval`` counts them) the surface name as written in the text is looked up
with :meth:`Gazetteer.candidates` (exact keys, area words, fuzzy fallback).
It prints three shares of those toponyms:

* ``named``: the gazetteer has at least one candidate for the name, or
  the name is a demonym in its demonym table ("Russian" -> Russia), as the
  geoparser reads it;
* ``within 161 km``: some candidate lies within 161 km of the gold point
  (the name could be placed right, given the right context);
* ``top-1 within 161 km``: the gazetteer's own first candidate does, with
  no context at all.

This measures the gazetteer alone, not the geoparser: a name counted here
may still be missed or misplaced in running text.  ``--missing N`` lists
the N most frequent names with no candidate within 161 km.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geoevents import Gazetteer  # noqa: E402
from geoevents.core.normalize import name_key  # noqa: E402
from geoevents.geoparsing.evaluation import ACCURACY_KM, haversine_km, load_corpus  # noqa: E402


def coverage(corpus: str, gaz: Gazetteer | None = None) -> dict:
    gaz = gaz or Gazetteer.default()
    total = named = near = top1 = demonyms = 0
    kinds: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for doc in load_corpus(corpus):
        for t in doc["toponyms"]:
            if t.get("lat") is None or t.get("lon") is None:
                continue
            total += 1
            found = gaz.candidates(t["name"])
            if not found:  # "Russian", "North Korean": the gazetteer's demonym table names the country
                target = gaz.demonym_target(name_key(t["name"]))
                found = gaz.candidates_for_id(target) if target else []
                demonyms += bool(found)
            if found:
                named += 1
            close = [c for c in found if haversine_km(c.lat, c.lon, t["lat"], t["lon"]) <= ACCURACY_KM]
            if close:
                near += 1
                kinds[close[0].kind] += 1
            else:
                missing[t["name"]] += 1
            if found and haversine_km(found[0].lat, found[0].lon, t["lat"], t["lon"]) <= ACCURACY_KM:
                top1 += 1

    def share(n: int) -> float:
        return round(n / total, 4) if total else 0.0

    return {
        "corpus": corpus, "gold": total,
        "named": named, "named_share": share(named), "via_demonym": demonyms,
        "within_161km": near, "within_161km_share": share(near),
        "top1_within_161km": top1, "top1_within_161km_share": share(top1),
        "kinds_within_161km": dict(sorted(kinds.items())),
        "missing": missing.most_common(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--missing", type=int, default=0, metavar="N", help="list the N most frequent uncovered names")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    r = coverage(args.corpus)
    if args.json:
        r["missing"] = r["missing"][: args.missing]
        print(json.dumps(r, indent=2, ensure_ascii=False))
        return 0
    print(f"gold toponyms with coordinates   {r['gold']}")
    print(f"named (some candidate)           {r['named_share']:.3f}  ({r['named']}, {r['via_demonym']} of them demonyms)")
    print(f"some candidate within 161 km     {r['within_161km_share']:.3f}  ({r['within_161km']})")
    print(f"first candidate within 161 km    {r['top1_within_161km_share']:.3f}  ({r['top1_within_161km']})")
    print("kinds of the covering candidate  " + ", ".join(f"{k} {n}" for k, n in r["kinds_within_161km"].items()))
    for name, n in r["missing"][: args.missing]:
        print(f"  missing {n:3d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
