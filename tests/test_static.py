"""Static maps (PNG, SVG): extent, scale, legend, determinism, errors, atomic writes, CLI options."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents import extract_events, extract_events_from_file
from geoevents.cli import app
from geoevents.core.errors import InputError
from geoevents.gazetteer.gazetteer import haversine_km
from geoevents.outputs import save
from geoevents.outputs.static import EVENT_STYLES, choose_extent, nice_length, render_static, save_static

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"

if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()


@pytest.fixture(scope="module")
def events():
    return extract_events_from_file(EXAMPLE)


@pytest.fixture(scope="module")
def figure(events):
    return render_static(events)


def by_place(events, name):
    return next(e for e in events if e.place and e.place.name == name)


def texts(fig) -> list[str]:
    found = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and callable(a.get_text))]
    return [t for t in found if t]


# ---------------------------------------------------------------- extent


def test_static_example_frames_the_main_group(events, figure):
    info = figure.geoevents
    west, south, east, north = info["extent"]
    outside = {e.place.name for e in events if e.id in info["outside"]}
    assert outside == {"Washington", "Amur Oblast"}
    for name in ("Kharkiv", "Odesa", "Pokrovsk", "Robotyne", "Kursk Oblast"):
        e = by_place(events, name)
        assert west < e.lon < east and south < e.lat < north, name
    assert any("Outside this view" in t and "Washington" in t for t in texts(figure))


def test_static_focus_all_frames_every_event(events):
    fig = render_static(events, focus="all")
    west, south, east, north = fig.geoevents["extent"]
    assert fig.geoevents["outside"] == []
    assert west <= -77.04 and east >= 127.7


def test_static_single_event_gets_a_minimum_span():
    ext, inside = choose_extent([50.0], [36.25])
    assert inside.all()
    assert ext.width_km() >= 249
    assert (ext.north - ext.south) * 111.19 >= 249
    assert ext.south < 50.0 < ext.north and ext.west < 36.25 < ext.east


def test_static_extent_pads_and_fills_the_aspect():
    ext, _ = choose_extent([48.0, 50.0], [30.0, 38.0], aspect=1.5)
    assert ext.west < 30.0 and ext.east > 38.0 and ext.south < 48.0 and ext.north > 50.0
    height_km = (ext.north - ext.south) * 111.195
    assert ext.width_km() / height_km == pytest.approx(1.5, rel=1e-3)


def test_static_explicit_extent_is_kept(events):
    fig = render_static(events, extent=(30, 45, 40, 53))
    assert fig.geoevents["extent"] == (30, 45, 40, 53)
    with pytest.raises(InputError, match="extent"):
        render_static(events, extent=(40, 45, 30, 53))


def test_static_aspect_is_true_at_the_central_latitude(figure):
    west, south, east, north = figure.geoevents["extent"]
    mid = (south + north) / 2
    assert figure.geoevents["map_axes"].get_aspect() == pytest.approx(1 / math.cos(math.radians(mid)))


# ---------------------------------------------------------------- scale bar, legend, text


def test_static_scale_bar_measures_true_km(figure):
    x0, _y, x1, length_km = figure.geoevents["scale_bar"]
    west, south, east, north = figure.geoevents["extent"]
    mid = (south + north) / 2
    assert length_km in (50, 100, 200)
    assert haversine_km(mid, x0, mid, x1) == pytest.approx(length_km, rel=0.005)
    assert f"{length_km:g} km" in texts(figure)
    assert any(t.startswith("true at ") and t.endswith("°N") for t in texts(figure))


def test_nice_length_picks_round_values():
    assert [nice_length(v) for v in (1, 3, 7, 12, 260, 999)] == [1, 2, 5, 10, 200, 500]
    with pytest.raises(ValueError):
        nice_length(0)


def test_static_legend_names_types_with_counts(events, figure):
    labels = [t.get_text() for leg in figure.legends for t in leg.get_texts()]
    shown = [e for e in events if e.id in figure.geoevents["shown"]]
    for t in {e.event_type for e in shown}:
        n = sum(1 for e in shown if e.event_type == t)
        assert any(label.replace("\n", " ").startswith(t) and label.endswith(f"({n})") for label in labels), labels
    assert "hollow: expected" in labels  # the 50,000 troops are expected, not there yet
    assert any("from" in label for label in labels)


def test_static_troops_arrows_areas_and_labels(figure):
    info = figure.geoevents
    assert info["troop_circles"] == 2 and info["arrows"] == 1
    assert info["shaded_areas"] == ["RU-KRS"]
    all_text = texts(figure)
    assert "~50,000 troops (expected)" in all_text and "~11,000 troops" in all_text
    assert any(t.startswith("from North Korea") for t in all_text)
    assert "Troops (circle area)" in all_text and "50,000" in all_text
    for name in ("Kharkiv", "Odesa", "Pokrovsk", "Robotyne"):
        assert name in all_text


def test_static_title_and_attribution(events, figure):
    all_text = texts(figure)
    assert "9 events, 28 Aug 2023 – 30 Nov 2024" in all_text
    footer = next(t for t in all_text if "Natural Earth" in t)
    assert "GeoNames" in footer and "scale true at" in footer
    custom = render_static(events, title="Kursk build-up")
    assert "Kursk build-up" in texts(custom)


def test_static_every_type_has_its_own_colour_and_marker():
    colours = [c for c, _m in EVENT_STYLES.values()]
    markers = [m for _c, m in EVENT_STYLES.values()]
    assert len(set(colours)) == len(colours) == 6 and len(set(markers)) == 6


# ---------------------------------------------------------------- files


def test_static_png_is_an_image_of_the_map(events, tmp_path):
    from PIL import Image

    path = save_static(events, tmp_path / "map.png", dpi=100)
    assert list(tmp_path.iterdir()) == [path]
    image = Image.open(path)
    assert image.size == (1000, 750)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 200  # not a blank canvas
    # the sea colour and the land colour are both there
    palette = {rgb for _n, rgb in colours}
    assert (0xd6, 0xe4, 0xee) in palette and (0xf5, 0xf2, 0xea) in palette


def test_static_svg_is_deterministic_and_undated(events, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    save_static(events, a)
    save_static(events, b)
    data = a.read_bytes()
    assert data == b.read_bytes()
    assert data.startswith(b"<?xml") and b"<svg" in data[:1000]
    assert b"<dc:date>" not in data
    assert str(dt.date.today().year).encode() + b"-" not in data[:3000]


def test_static_png_is_deterministic(events, tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    save_static(events, a, dpi=60)
    save_static(events, b, dpi=60)
    assert a.read_bytes() == b.read_bytes()


def test_static_through_outputs_save(events, tmp_path):
    assert save(events, tmp_path / "m.svg", title="T") == len(events)
    assert save(events, tmp_path / "m.png") == len(events)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.png", "m.svg"]


def test_static_map_only_options_refused(events, tmp_path):
    with pytest.raises(InputError, match="web map"):
        save_static(events, tmp_path / "m.png", tiles="OpenStreetMap.Mapnik")
    with pytest.raises(InputError, match="web map"):
        save(events, tmp_path / "m.svg", fragment=True)
    with pytest.raises(InputError, match="unknown static map option"):
        save_static(events, tmp_path / "m.png", colour="red")
    save_static(events, tmp_path / "m.png", tiles=None, fragment=False)  # defaults passed along are fine
    assert [p.name for p in tmp_path.iterdir()] == ["m.png"]


def test_static_errors_and_nothing_written(events, tmp_path):
    with pytest.raises(InputError, match="no events"):
        save_static([], tmp_path / "m.png")
    unplaced = [dataclasses.replace(e, lat=None, lon=None) for e in events[:2]]
    with pytest.raises(InputError, match="coordinates"):
        save_static(unplaced, tmp_path / "m.png")
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        save_static(events, tmp_path / "m.jpg")
    assert list(tmp_path.iterdir()) == []


def test_static_failed_render_leaves_the_old_file(events, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    path = tmp_path / "m.png"
    path.write_bytes(b"old")

    def broken(self, *args, **kwargs):
        raise InputError("renderer broke (simulated)")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(InputError, match="simulated"):
        save_static(events, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.png"]


def test_static_unplaced_events_are_counted_in_the_footer(events):
    some = [*events[:4], dataclasses.replace(events[4], lat=None, lon=None)]
    fig = render_static(some)
    assert fig.geoevents["unplaced"] == 1
    assert any("1 event(s) without coordinates" in t for t in texts(fig))


def test_static_many_events_stay_readable_and_capped():
    import random

    base = extract_events("About 5,000 troops were sent from Belarus to the Kursk region, officials said on "
                          "17 November 2024.", published=dt.date(2024, 11, 18))
    assert base and base[0].troops is not None
    rng = random.Random(3)
    many = [dataclasses.replace(base[0], id=f"e{i}", lat=rng.uniform(46, 52), lon=rng.uniform(30, 40))
            for i in range(1500)]
    fig = render_static(many)
    assert fig.geoevents["troop_circles"] == 60
    assert fig.geoevents["arrows"] <= 60
    assert any("largest figures only" in t for t in texts(fig))
    assert len(fig.geoevents["shown"]) == 1500


# ---------------------------------------------------------------- the map command


def test_static_map_command_png_and_svg(tmp_path):
    out = tmp_path / "m.html"
    result = runner.invoke(app, ["map", str(EXAMPLE), "-o", str(out), "--png", str(tmp_path / "m.png"),
                                 "--svg", str(tmp_path / "m.svg")])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.html", "m.png", "m.svg"]
    assert "m.png" in result.stderr and "m.svg" in result.stderr


def test_static_map_command_output_png(tmp_path):
    result = runner.invoke(app, ["map", str(EXAMPLE), "-o", str(tmp_path / "only.png"), "--title", "Kursk"])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert [p.name for p in tmp_path.iterdir()] == ["only.png"]
    assert (tmp_path / "only.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args", [["-o", "m.png", "--tiles", "OpenStreetMap.Mapnik"], ["-o", "m.svg", "--fragment"],
                                  ["-o", "m.html", "--png", "m.jpg"], ["-o", "m.html", "--svg", "m.png"]])
def test_static_map_command_refuses_before_work(tmp_path, args):
    args = [str(tmp_path / a) if a.startswith("m.") else a for a in args]
    result = runner.invoke(app, ["map", str(tmp_path / "missing.txt"), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("geoevents: ") and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_static_map_command_png_in_missing_folder_refused(tmp_path):
    result = runner.invoke(app, ["map", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "m.html"),
                                 "--png", str(tmp_path / "nope" / "m.png")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []
