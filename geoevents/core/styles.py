"""How each ACLED event type is drawn: one colour and one marker shape, shared by every map and the report.

The web map (:mod:`geoevents.webmap`), the static map
(:mod:`geoevents.outputs.static`) and the report's timeline and table
(:mod:`geoevents.outputs.report`) all take their styles from here, so an
event type looks the same everywhere. The order of :data:`TYPE_STYLES` is
the legends' order.

>>> type_style("Battles", 0), type_style("Something else", 0)
(('#D55E00', 'cross'), ('#009E73', 'hexagon'))
>>> EVENT_STYLES["Battles"], OTHER_STYLE
(('#D55E00', 'X'), ('#009E73', 'h'))
"""

from __future__ import annotations

__all__ = ["TYPE_STYLES", "type_style", "EVENT_STYLES", "OTHER_STYLE"]

#: ACLED event types: Okabe-Ito colour and a marker shape, distinct in greyscale too
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Battles": ("#D55E00", "cross"),
    "Explosions/Remote violence": ("#E69F00", "star"),
    "Violence against civilians": ("#CC79A7", "triangle"),
    "Protests": ("#56B4E9", "circle"),
    "Riots": ("#F0E442", "square"),
    "Strategic developments": ("#0072B2", "diamond"),
}
_SPARE_STYLES = [("#009E73", "hexagon"), ("#000000", "circle"), ("#999999", "square")]


def type_style(event_type: str, index: int) -> tuple[str, str]:
    """(colour, shape) of an event type; types ACLED does not name take the spare styles in turn."""
    return TYPE_STYLES.get(event_type) or _SPARE_STYLES[index % len(_SPARE_STYLES)]


# ACLED event types: the web map's colours (Okabe-Ito) and shapes, as matplotlib markers; the order is the legend's
_MARKERS = {"cross": "X", "star": "*", "triangle": "^", "circle": "o", "square": "s", "diamond": "D", "hexagon": "h"}
EVENT_STYLES: dict[str, tuple[str, str]] = {t: (colour, _MARKERS.get(shape, "o"))
                                            for t, (colour, shape) in TYPE_STYLES.items()}
OTHER_STYLE = ("#009E73", "h")  # the web map's first spare style
