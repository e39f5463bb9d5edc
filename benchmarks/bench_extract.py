#!/usr/bin/env python3
"""Event-extraction benchmarks: articles per second, event-table rows per second, peak memory.

    python benchmarks/bench_extract.py [--articles 300] [--rows 200000] [--json]

* The gazetteer is loaded first (and timed), and one short extraction warms
  the lazily loaded tables (lexicon, actor and date patterns), so the pass
  below measures extraction only.
* Articles: ``extract_document`` over generated news articles of about 700
  words (fixed seed): sentences built from conflict-news templates with
  gazetteer place names (towns, admin-1 areas, countries of a few conflict
  zones), absolute and relative dates, troop and casualty figures, actors
  and attributions, each with a publication date.  Target: >= 100 articles/s.
* Tables: ``read_event_table`` on a generated ACLED-style CSV (17 ACLED
  columns) of 200,000 rows, every row with coordinates, so no geocoding.
  Target: >= 50,000 rows/s.
* Peak memory is the max RSS of this process (``resource.getrusage``),
  read after the article pass and again after the table pass.

Everything runs in this one process and thread (pinned to one CPU where the
OS allows): no multiprocessing.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"articles_per_s": 100, "rows_per_s": 50_000}
ARTICLE_WORDS = 700
# conflict zones the generated news is about; places are drawn from the gazetteer in these countries
COUNTRIES = ("UA", "RU", "SY", "SD", "IL", "PS", "LB", "YE", "ML", "BF", "CD", "MM", "SO", "ET", "NG", "IQ")

_PERIODS = ("on {day}", "on {date}", "overnight", "yesterday", "last week", "earlier this month", "in {month}",
            "since {date}", "on the night of {date}", "this morning", "over the weekend")
_FORCES = ("Russian forces", "Ukrainian troops", "government forces", "rebel fighters", "RSF fighters",
           "Israeli forces", "Hezbollah fighters", "Houthi forces", "militants", "army units",
           "North Korean soldiers", "Wagner mercenaries", "police", "separatist forces", "jihadist militants")
_SOURCES = ("the regional governor said", "officials said", "the defence ministry said in a statement",
            "according to local media", "a military spokesman told reporters", "witnesses said",
            "the UN said", "according to the general staff", "residents told the agency")
_SIDES = ("Russian", "Ukrainian", "North Korean", "government", "RSF", "Houthi", "rebel", "Israeli", "allied")
_TEMPLATES = (
    "{force} shelled {city} {period}, killing {n_small} civilians and wounding {n_mid} others, {source}.",
    "A drone struck an energy facility near {city} {period}; {n_small} people were injured, {source}.",
    "About {n_troops} {side} troops have massed in the {area} region ahead of an expected offensive, {source}.",
    "{force} said they had captured the village of {town} {period} after weeks of heavy fighting.",
    "Heavy fighting continues around {city}, where {force_lower} have advanced {period}.",
    "Air defence units shot down {n_mid} of the {n_big} drones launched at {country} {period}, {source}.",
    "Residents of {city} were evacuated by bus to {city2} as the front line moved closer.",
    "{force} repelled {n_small} attacks around {town} and {city2} {period}, {source}.",
    "At least {n_mid} people were killed when an airstrike hit a market in {city} {period}.",
    "Protesters gathered in {city} {period} to demand the release of detained journalists.",
    "Up to {n_troops} troops were sent from {country2} to the {area} region, {source}.",
    "Talks between delegations from {country} and {country2} are expected to resume in {city2} next week.",
    "Power was cut in parts of {city} {period} after a missile attack on a substation, {source}.",
    "{force} clashed with {force_lower2} on the outskirts of {town} {period}; {n_small} fighters died.",
    "Aid convoys reached {city} {period} after a three-day pause, a spokeswoman for the agency said.",
    "An improvised explosive device killed {n_small} soldiers on the road between {town} and {city2} {period}.",
    "Analysts said the fighting near {city} could decide control of the road to {city2}.",
    "The governor of the {area} region declared a state of emergency {period}.",
    "{force} recaptured {town} in {month}, {source}.",
    "Some {n_troops} reservists will be deployed to the border area in the coming days, {source}.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def place_pools(gaz) -> dict[str, dict[str, list[str]]]:
    """Per country of the conflict zones: names of its cities, towns, admin-1 areas (read from the name index)."""
    index = gaz._index
    pools: dict[str, dict[str, list[str]]] = {cc: {"city": [], "town": [], "area": []} for cc in COUNTRIES}
    countries: dict[str, str] = {}
    for r in range(len(index)):
        row = index.row(r)  # (how, pid, name, kind, fcode, cc, a1, a2, lat, lon, pop, alts)
        name, kind, cc, pop = row[2], row[3], row[5], row[10]
        if cc not in pools or not (name.isascii() and name[:1].isalpha()):
            continue  # news English spells places in plain ASCII
        if kind == "country":
            countries[cc] = name
        elif kind == "admin1":
            pools[cc]["area"].append(name.replace(" Oblast", "").replace(" Governorate", "").replace(" State", ""))
        elif kind == "settlement" and pop >= 50_000:
            pools[cc]["city"].append(name)
        elif kind == "settlement" and pop >= 2_000:
            pools[cc]["town"].append(name)
    usable = {}
    for cc, pool in pools.items():
        if cc in countries and all(pool.values()):
            usable[cc] = {key: sorted(set(names)) for key, names in pool.items()} | {"country": [countries[cc]]}
    if not usable:
        raise SystemExit(f"no usable place names in the gazetteer for {', '.join(COUNTRIES)}")
    return usable


def generate_articles(n: int, gaz, seed: int = 17) -> list[tuple[str, dt.date]]:
    """``n`` (text, publication date) pairs of about 700 words each, from a fixed seed.

    Each article is about one country: its towns, cities and regions, with the odd foreign capital or
    neighbouring country, as wire copy is.
    """
    pools = place_pools(gaz)
    codes = sorted(pools)
    all_countries = [pools[cc]["country"][0] for cc in codes]
    rng = random.Random(seed)
    articles = []
    for _ in range(n):
        here = pools[rng.choice(codes)]
        published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
        focus_cities = rng.sample(here["city"], min(4, len(here["city"])))  # a story stays in one area
        towns = rng.sample(here["town"], min(8, len(here["town"])))
        words, paragraphs, sentences = 0, [], []
        while words < ARTICLE_WORDS:
            day = published - dt.timedelta(days=rng.randrange(1, 10))
            force = rng.choice(_FORCES)
            period = rng.choice(_PERIODS).format(
                day=_DAYS[day.weekday()], date=f"{day.day} {_MONTHS[day.month - 1]}",
                month=_MONTHS[(published.month - 2) % 12])
            sentence = rng.choice(_TEMPLATES).format(
                force=force, side=rng.choice(_SIDES), force_lower=force[0].lower() + force[1:],
                force_lower2=rng.choice(_FORCES).lower(), city=rng.choice(focus_cities),
                city2=rng.choice(here["city"]), town=rng.choice(towns), area=rng.choice(here["area"]),
                country=here["country"][0], country2=rng.choice(all_countries), period=period,
                source=rng.choice(_SOURCES), month=_MONTHS[(published.month - 2) % 12],
                n_small=rng.choice(("two", "three", "four", "five", "seven", "12", "15")),
                n_mid=rng.choice(("nine", "11", "23", "40", "more than 30", "dozens of")),
                n_big=rng.choice(("64", "80", "120")),
                n_troops=rng.choice(("5,000", "11,000", "50,000", "several thousand", "10,000 to 12,000")),
            )
            sentence = sentence[0].upper() + sentence[1:]
            sentences.append(sentence)
            words += len(sentence.split())
            if len(sentences) >= rng.randint(2, 4):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        articles.append(("\n\n".join(paragraphs), published))
    return articles


def write_acled_csv(path: Path, rows: int, seed: int = 23) -> None:
    """An ACLED-style export: the 17 usual columns, every row with coordinates."""
    rng = random.Random(seed)
    types = (("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
             ("Protests", "Peaceful protest"), ("Strategic developments", "Looting/property destruction"))
    places = [("Kharkiv", "Kharkiv", 49.98, 36.25), ("Pokrovsk", "Donetsk", 48.28, 37.18),
              ("Kherson", "Kherson", 46.64, 32.61), ("Sumy", "Sumy", 50.91, 34.80),
              ("Zaporizhzhia", "Zaporizhzhia", 47.84, 35.14), ("Kupiansk", "Kharkiv", 49.71, 37.62)]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                    "source", "notes", "fatalities"])
        start = dt.date(2022, 2, 24)
        for i in range(rows):
            day = start + dt.timedelta(days=rng.randrange(1000))
            et, st = rng.choice(types)
            loc, a1, lat, lon = rng.choice(places)
            w.writerow([f"UKR{i + 1:06d}", day.isoformat(), day.year, rng.choice((1, 1, 1, 2, 3)), et, st,
                        "Military Forces of Russia (2000-)", rng.choice(("Military Forces of Ukraine (2019-)",
                                                                         "Civilians (Ukraine)", "")),
                        "Ukraine", a1, loc, f"{lat + rng.uniform(-0.2, 0.2):.4f}",
                        f"{lon + rng.uniform(-0.2, 0.2):.4f}", rng.choice((1, 1, 2, 3)), "Ukrinform",
                        f"On {day:%d %B %Y}, Russian forces shelled {loc}; {rng.randrange(6)} civilians were "
                        "reportedly injured.", rng.choice((0, 0, 0, 1, 2, 5))])


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n_articles: int = 300, n_rows: int = 200_000) -> dict[str, object]:
    pinned = False
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
            pinned = True
        except OSError:
            pass

    t = time.perf_counter()
    from geoevents import Gazetteer
    from geoevents.io.ingest import Document
    from geoevents.io.tables import read_event_table
    from geoevents.pipeline import extract_document

    gaz = Gazetteer.default()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    extract_document(Document("Russia massed 50,000 troops in the Kursk region on 17 November 2024; "
                              "drones struck Kyiv and two civilians were killed.", "<warm-up>",
                              published=dt.date(2024, 11, 18)), gazetteer=gaz)
    first_call_s = time.perf_counter() - t

    articles = generate_articles(n_articles, gaz)
    docs = [Document(text, f"article-{i}", published=pub) for i, (text, pub) in enumerate(articles)]
    words = sum(len(d.text.split()) for d in docs)
    chars = sum(len(d.text) for d in docs)
    t, cpu = time.perf_counter(), time.process_time()
    found = 0
    for doc in docs:
        found += len(extract_document(doc, gazetteer=gaz))
    articles_s = time.perf_counter() - t
    articles_cpu_s = time.process_time() - cpu
    rss_articles = _rss_mb()

    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        path = Path(tmp) / "acled.csv"
        t = time.perf_counter()
        write_acled_csv(path, n_rows)
        gen_s = time.perf_counter() - t
        size_mb = path.stat().st_size / 1e6
        t, cpu = time.perf_counter(), time.process_time()
        events, report = read_event_table(path, gazetteer=gaz)
        table_s = time.perf_counter() - t
        table_cpu_s = time.process_time() - cpu
        n_events, n_skipped = len(events), len(report.skipped)
        del events
    rss_tables = _rss_mb()

    return {
        "pinned_to_one_cpu": pinned,
        "articles": len(docs),
        "words": words,
        "words_per_article": words / len(docs) if docs else 0.0,
        "chars": chars,
        "events": found,
        "load_s": load_s,
        "first_call_s": first_call_s,
        "articles_s": articles_s,
        "articles_cpu_s": articles_cpu_s,
        "articles_per_s": len(docs) / articles_s if articles_s else 0.0,
        "articles_per_cpu_s": len(docs) / articles_cpu_s if articles_cpu_s else 0.0,
        "words_per_s": words / articles_s if articles_s else 0.0,
        "events_per_article": found / len(docs) if docs else 0.0,
        "peak_rss_after_articles_mb": rss_articles,
        "table_rows": n_rows,
        "table_mb": size_mb,
        "table_generate_s": gen_s,
        "table_s": table_s,
        "table_events": n_events,
        "table_skipped": n_skipped,
        "table_cpu_s": table_cpu_s,
        "rows_per_s": n_rows / table_s if table_s else 0.0,
        "rows_per_cpu_s": n_rows / table_cpu_s if table_cpu_s else 0.0,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "peak_rss_mb": rss_tables,
        "targets": TARGETS,
    }


def format_rows(res: dict) -> list[tuple[str, str, str]]:
    return [
        ("load gazetteer", f"{res['load_s']:.3f} s", "-"),
        ("first extraction (lazy tables)", f"{res['first_call_s']:.3f} s", "-"),
        (f"extract, {res['articles']} articles of ~{res['words_per_article']:.0f} words (wall)",
         f"{res['articles_per_s']:,.1f} articles/s", f">= {TARGETS['articles_per_s']:,} articles/s"),
        (f"extract, {res['articles']} articles of ~{res['words_per_article']:.0f} words (CPU)",
         f"{res['articles_per_cpu_s']:,.1f} articles/s", f">= {TARGETS['articles_per_s']:,} articles/s"),
        ("extract, CPU per article", f"{1000 * res['articles_cpu_s'] / max(1, res['articles']):.2f} ms", "-"),
        ("extract, words", f"{res['words_per_s']:,.0f} words/s", "-"),
        ("extract, events per article", f"{res['events_per_article']:.1f}", "-"),
        ("peak memory after the article pass", f"{res['peak_rss_after_articles_mb']:.0f} MB", "-"),
        (f"read ACLED CSV, {res['table_rows']:,} rows ({res['table_mb']:.0f} MB)",
         f"{res['rows_per_s']:,.0f} rows/s", f">= {TARGETS['rows_per_s']:,} rows/s"),
        (f"read ACLED CSV, {res['table_rows']:,} rows (CPU)",
         f"{res['rows_per_cpu_s']:,.0f} rows/s", f">= {TARGETS['rows_per_s']:,} rows/s"),
        ("read ACLED CSV, wall time / CPU time", f"{res['table_s']:.2f} s / {res['table_cpu_s']:.2f} s", "-"),
        ("peak memory (load + articles + table)", f"{res['peak_rss_mb']:.0f} MB", "-"),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300, help="generated articles of ~700 words")
    ap.add_argument("--rows", type=int, default=200_000, help="rows of the generated ACLED-style CSV")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = run(args.articles, args.rows)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"one process, one thread{', pinned to one CPU' if res['pinned_to_one_cpu'] else ''}")
    print(f"articles: {res['articles']} generated (seed 17), {res['words']:,} words, {res['chars']:,} chars, "
          f"{res['events']:,} events; table: {res['table_rows']:,} rows, {res['table_events']:,} events, "
          f"{res['table_skipped']:,} skipped")
    if res["load_average"]:
        print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in res["load_average"])
              + " (wall-clock figures suffer when it exceeds the cores)")
    for what, value, target in format_rows(res):
        print(f"{what:70s} {value:>20s}   target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
