"""Copy the JavaScript and CSS the web map inlines into ``geoevents/data/web/``.

Each package is fetched with ``npm pack`` into the git-ignored ``maps/.cache/``,
its tarball checked against the SHA-256 pinned in ``maps/vendor.sha256``, and
the files the map needs copied out with the package's licence.  Leaflet's CSS
images become data URIs and source-map comments are dropped, so the page that
inlines these files asks for nothing else.  The results are committed: an
installed geoevents never runs this script.

    python maps/vendor.py           # refresh geoevents/data/web/
    python maps/vendor.py --check   # fail if the committed files differ from a fresh copy
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
OUT = ROOT / "geoevents" / "data" / "web"
PINS = HERE / "vendor.sha256"

# package@version -> [(file inside the tarball, name written to OUT)]
PACKAGES: dict[str, list[tuple[str, str]]] = {
    "leaflet@1.9.4": [("package/dist/leaflet.js", "leaflet.js"), ("package/dist/leaflet.css", "leaflet.css"),
                      ("package/LICENSE", "LICENSE.leaflet")],
    "supercluster@8.0.1": [("package/dist/supercluster.min.js", "supercluster.min.js"),
                           ("package/LICENSE", "LICENSE.supercluster")],
    # supercluster.min.js bundles kdbush; its licence travels with it
    "kdbush@4.0.2": [("package/LICENSE", "LICENSE.kdbush")],
}

_SOURCE_MAP = re.compile(r"\n?/[/*][#@] sourceMappingURL=[^\n]*")
_CSS_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


def read_pins() -> dict[str, str]:
    pins = {}
    for line in PINS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            pins[name] = digest
    return pins


def fetch(spec: str) -> Path:
    """The package's tarball in the cache, fetched with ``npm pack`` if missing."""
    name, version = spec.rsplit("@", 1)
    tarball = CACHE / f"{name}-{version}.tgz"
    if not tarball.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", "--silent", spec], cwd=CACHE, check=True, stdout=subprocess.DEVNULL)
    return tarball


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inline_css_images(css: str, tar: tarfile.TarFile) -> str:
    def data_uri(m: re.Match) -> str:
        member = tar.extractfile(f"package/dist/{m.group(2)}")
        if member is None:  # pragma: no cover - a broken tarball
            raise SystemExit(f"vendor: {m.group(2)} missing from leaflet")
        mime = "image/png" if m.group(2).endswith(".png") else "image/svg+xml"
        return f'url("data:{mime};base64,{base64.b64encode(member.read()).decode()}")'

    return _CSS_URL.sub(data_uri, css)


def build(pins: dict[str, str]) -> dict[str, bytes]:
    """name -> content for every vendored file."""
    files: dict[str, bytes] = {}
    for spec, wanted in PACKAGES.items():
        tarball = fetch(spec)
        digest = sha256(tarball)
        if pins.get(tarball.name) != digest:
            raise SystemExit(f"vendor: {tarball.name} has SHA-256 {digest}, {PINS.name} pins {pins.get(tarball.name)}")
        with tarfile.open(tarball) as tar:
            for member, target in wanted:
                fh = tar.extractfile(member)
                if fh is None:  # pragma: no cover
                    raise SystemExit(f"vendor: {member} missing from {tarball.name}")
                text = fh.read().decode("utf-8")
                if target.endswith((".js", ".css")):
                    text = _SOURCE_MAP.sub("", text).rstrip() + "\n"
                if target.endswith(".css"):
                    text = inline_css_images(text, tar)
                files[target] = text.encode("utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args(argv)
    files = build(read_pins())
    if args.check:
        stale = [n for n, data in files.items() if not (OUT / n).exists() or (OUT / n).read_bytes() != data]
        for n in stale:
            print(f"vendor: {n} differs from a fresh copy", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for n, data in files.items():
        (OUT / n).write_bytes(data)
        print(f"{n}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
