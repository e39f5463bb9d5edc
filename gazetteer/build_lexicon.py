#!/usr/bin/env python3
"""Build geoevents/data/lexicon.tsv: the word lists the geoparser filters with.

    pip install msgpack && python gazetteer/build_lexicon.py [--check]

A capitalised "Police", "Mobile" or "Kim" at the start of a sentence is more
often a word or a person than a town.  The geoparser needs to know how
common a word is in English and whether it is a common first name or
surname.  Sources (fetched with pip / npm into gazetteer/.cache, pinned by
SHA-256 in gazetteer/sources.sha256):

* PyPI wordfreq 3.1.1: English word frequencies (data CC BY-SA 4.0, code
  Apache 2.0).  We keep words with a Zipf frequency >= 3.0.
* npm word-list 4.1.0: an English dictionary (MIT): marks a word as a
  dictionary word, not only a frequent string.
* PyPI names 0.3.0: US Census 1990 first names and surnames (MIT; the
  census lists are public domain).
* gazetteer/extra_first_names.txt: reviewed first names frequent in world
  news that the US lists lack (Vladimir, Volodymyr, Recep ...).

Output: one line per word, sorted: ``word<TAB>zipf<TAB>flags`` where flags
has ``d`` (dictionary word), ``f`` (common first name), ``s`` (common
surname).  The derived list is CC BY-SA 4.0 like wordfreq's data.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUTPUT = ROOT / "geoevents" / "data" / "lexicon.tsv"
CACHE = HERE / ".cache"
MIN_ZIPF = 3.0
FIRST_NAME_CUM = 80.0  # keep first names covering this % of the population
SURNAME_CUM = 60.0

SOURCES = {
    "wordfreq": ("pypi", "3.1.1", "wordfreq-3.1.1-py3-none-any.whl"),
    "names": ("pypi-sdist", "0.3.0", "names-0.3.0.tar.gz"),
    "word-list": ("npm", "4.1.0", "word-list-4.1.0.tgz"),
}


def _pins() -> dict[str, str]:
    pins = {}
    path = HERE / "sources.sha256"
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip():
                digest, name = line.split()
                pins[name] = digest
    return pins


def fetch(cache: Path = CACHE) -> dict[str, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    pins = _pins()
    out = {}
    for name, (registry, version, archive_name) in SOURCES.items():
        archive = cache / archive_name
        if not archive.exists():
            if registry == "npm":
                cmd = ["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", str(cache)]
            else:
                binary = ["--only-binary=:all:"] if registry == "pypi" else ["--no-binary=:all:"]
                cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *binary, "-d", str(cache),
                       f"{name}=={version}"]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if name in pins and pins[name] != digest:
            raise SystemExit(f"{archive}: sha256 {digest} does not match the pinned {pins[name]}")
        target = cache / f"{name}-{version}"
        if not target.exists():
            tmp = Path(tempfile.mkdtemp(dir=cache))
            if archive.suffix == ".whl":
                with zipfile.ZipFile(archive) as zf:
                    zf.extractall(tmp)
            else:
                with tarfile.open(archive) as tf:
                    tf.extractall(tmp, filter="data")
            tmp.rename(target)
        out[name] = target
    return out


def census(path: Path, cum_limit: float) -> set[str]:
    """Names from a census list (NAME freq cumfreq rank) up to a cumulative share."""
    keep = set()
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and float(parts[2]) <= cum_limit:
            keep.add(parts[0].lower())
    return keep


def build(cache: Path = CACHE) -> str:
    import msgpack

    src = fetch(cache)
    buckets = msgpack.unpackb(gzip.decompress((src["wordfreq"] / "wordfreq" / "data" / "large_en.msgpack.gz")
                                              .read_bytes()), raw=False, strict_map_key=False)
    zipf: dict[str, float] = {}
    for i, words in enumerate(buckets[1:]):  # bucket i holds words of -i centibels: Zipf = 9 - i / 100
        z = round(9 - i / 100, 2)
        if z < MIN_ZIPF:
            break
        for w in words:
            if w.isalpha() and w not in zipf:
                zipf[w] = z
    dictionary = set((src["word-list"] / "package" / "words.txt").read_text("utf-8").split())
    names_dir = next((src["names"]).glob("names-*/names"))
    first = census(names_dir / "dist.male.first", FIRST_NAME_CUM) | census(names_dir / "dist.female.first",
                                                                           FIRST_NAME_CUM)
    last = census(names_dir / "dist.all.last", SURNAME_CUM)
    extra = HERE / "extra_first_names.txt"
    first |= {w.strip() for w in extra.read_text("utf-8").splitlines() if w.strip() and not w.startswith("#")}
    lines = []
    for word in sorted(set(zipf) | first | last):
        flags = ("d" if word in dictionary else "") + ("f" if word in first else "") + ("s" if word in last else "")
        lines.append(f"{word}\t{zipf.get(word, 0.0):.2f}\t{flags}")
    return "# word\tzipf\tflags (d dictionary, f first name, s surname); derived from wordfreq (CC BY-SA 4.0), " \
           "word-list (MIT), US Census names via names (MIT)\n" + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare a fresh build with the committed file")
    ap.add_argument("--cache", type=Path, default=CACHE)
    args = ap.parse_args(argv)
    text = build(args.cache)
    if args.check:
        same = OUTPUT.read_text("utf-8") == text
        print("identical" if same else "DIFFERENT")
        return 0 if same else 1
    tmp = OUTPUT.with_suffix(".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(OUTPUT)
    print(f"{text.count(chr(10)) - 1} words -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
