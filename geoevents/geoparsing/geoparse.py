"""Find and resolve every place mentioned in a text.

>>> from geoevents import geoparse
>>> for t in geoparse("Russia gathered 50,000 troops in the Kursk region; Moscow's invasion of Ukraine goes on."):
...     print(t.text, t.kind, t.country, t.non_literal)
Russia country RU False
Kursk region admin1 RU False
Moscow settlement RU True
Ukraine country UA False
"""

from __future__ import annotations

from ..core.limits import check_document_size
from ..core.model import Toponym
from ..gazetteer.gazetteer import Gazetteer
from ..gazetteer.lexicon import Lexicon
from .resolve import resolve_spans
from .toponyms import find_toponyms

__all__ = ["geoparse"]


def geoparse(text: str, *, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> list[Toponym]:
    """One :class:`Toponym` per place mention in ``text``, in text order.

    Works offline with the bundled gazetteer (or the one given).  Each item
    has ``start``/``end`` offsets, ``text``, ``lat``/``lon`` (None when
    unresolved), the resolved ``place`` (with ``place_id``, ``kind``,
    ``country``, ``admin1``), a ``score``, runner-up ``candidates`` and a
    ``non_literal`` flag with its ``reason``.
    """
    if not isinstance(text, str):
        raise TypeError(f"geoparse() needs a str, got {type(text).__name__}")
    check_document_size(text, "geoparse() text")
    gaz = gazetteer or Gazetteer.default()
    lex = lexicon or Lexicon.default()
    return resolve_spans(text, find_toponyms(text, gaz, lex), gaz)
