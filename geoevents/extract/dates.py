"""Dates: find date expressions in English news text and resolve them.

Conflict-event coders (ACLED) date an event from what the article says,
read against the day it was published: "on Tuesday" in a report published
on Monday 18 November 2024 is 12 November; "last month" is October;
"mid-November" is a range of ten days.  :func:`find_dates` finds such
expressions and returns :class:`DateMention` s: character offsets into the
text (the evidence), the inclusive date range meant, how precise it is and
whether the expression itself says the event happened, is ongoing or is
expected.

What a span covers
    The date expression with the words that change its meaning ("since",
    "between", "from", "early", "the end of", "last", "next", "in the
    coming days", "in recent weeks"), not a plain locating preposition:
    in "on 18 January 2018" the span is "18 January 2018".

Resolution rules
    * A date without a year ("18 January", "in March") takes the year of
      publication, or the previous year when that would put it more than
      :data:`AHEAD_DAYS` days after publication.
    * A weekday ("on Tuesday") is the latest such day on or before
      publication; "last Tuesday" the latest strictly before; "next Tuesday"
      the first strictly after.
    * Weeks run Monday to Sunday; "the weekend" is the latest Saturday on or
      before publication and the Sunday after it.
    * "early / mid / late" and "the beginning / middle / end of" split a
      month into days 1-10, 11-20 and 21-end, a year into January-April,
      May-August and September-December, a week into Monday-Wednesday,
      Wednesday-Friday and Friday-Sunday.
    * Seasons are the northern meteorological ones: spring March-May, summer
      June-August, autumn September-November, winter December to February;
      "winter 2022" is the winter that begins in December 2022.
    * "N days ago" is that day; "N weeks ago" the Monday-Sunday week holding
      the day 7N days back; "N months ago" / "N years ago" the calendar month
      or year.  "A week ago", "a month ago" and "a year ago" therefore equal
      "last week", "last month" and "last year".
    * Vague windows: "in recent days" is the 7 days before publication,
      "in recent weeks" the 28 days before, "in recent months" the 6 months
      before; "in the coming days" the 7 days after, "in the coming weeks"
      the 28 days after, "in the coming months" the 6 months after.
    * "since X" runs from the start of X to the publication date.
    * Numeric dates are day first ("18/01/2018"); month first only when the
      day-first reading is impossible ("01/18/2018").

Precision
    The unit the expression is stated in: ``"day"`` (a day or one night:
    "overnight" with no day is the publication day, the morning it is
    reported; "the night of 17 to 18 November" is the 18th; "overnight"
    next to a stated day gives way to it), ``"week"`` (a week, a weekend, a range of a few days, or a
    third of a month such as "mid-November"), ``"month"`` (a calendar month
    or up to about a month: "in recent weeks", "the first half of March"),
    ``"year"`` (anything longer: seasons, quarters, parts of a year, years).
    Explicit ranges ("between 10 and 12 March") take the unit their length
    fits: 1 day, up to 11 days, up to 31 days, longer.  "since X" keeps the
    precision of X.  :attr:`DateMention.acled_time_precision` maps these to
    ACLED's codes: 1 day, 2 week, 3 month or longer.

Safety
    Every pattern is linear: no nested unbounded quantifiers (whitespace runs
    are ``\\s{1,3}``), and context checks look at a bounded window.  Month and
    weekday names must be capitalised ("may be" and "march on Kyiv" are not
    dates); a bare month or year needs a cue word before it ("in May",
    "since 2022"), so "Theresa May" and "2,000 km" are not dates either.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import email.utils
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import InputError

__all__ = [
    "DateMention",
    "find_dates",
    "clause_status",
    "parse_published",
    "PRECISIONS",
    "STATUSES",
    "AHEAD_DAYS",
]

#: Precision values, from the finest.
PRECISIONS = ("day", "week", "month", "year")
#: Status values a mention or a clause can carry ("" on a mention: unknown).
STATUSES = ("happened", "ongoing", "expected")
#: A year-less date more than this many days after publication belongs to the previous year.
AHEAD_DAYS = 7

_ACLED_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_D = _dt.timedelta
_Span = tuple[_dt.date, _dt.date]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression in a text and the inclusive date range it stands for.

    ``start``/``end`` are character offsets into the text (end exclusive),
    ``text`` is ``text[start:end]``.  ``relative`` says the range depends on
    the publication date; ``resolved`` is False when it does and none was
    given (then ``date_start`` and ``date_end`` are None).  ``status`` is
    "happened", "ongoing" or "expected" when the expression itself says so
    ("yesterday", "since March", "in the coming days"), else "".

    >>> m = find_dates("Shelling resumed mid-November.", _dt.date(2024, 11, 18))[0]
    >>> m.text, m.date_start.isoformat(), m.date_end.isoformat(), m.precision, m.acled_time_precision
    ('mid-November', '2024-11-11', '2024-11-20', 'week', 2)
    """

    start: int
    end: int
    text: str
    date_start: _dt.date | None
    date_end: _dt.date | None
    precision: str  # one of PRECISIONS
    relative: bool
    resolved: bool
    status: str = ""  # "", or one of STATUSES

    @property
    def acled_time_precision(self) -> int:
        """ACLED's time_precision code: 1 day, 2 week or a few days, 3 month or longer."""
        return _ACLED_PRECISION[self.precision]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "precision": self.precision,
            "time_precision": self.acled_time_precision,
            "relative": self.relative,
            "resolved": self.resolved,
            "status": self.status,
        }


@dataclass(slots=True)
class _Cand:
    """A candidate mention, before overlaps are settled and modifiers applied."""

    start: int
    end: int
    span: _Span | None  # None: relative and no publication date
    unit: str  # what it names: day, week, month, year, season, window (a partial or rolling range)
    precision: str
    relative: bool
    status: str = ""
    needs_modifier: bool = False  # "the year" only counts in "the end of the year"


# ---------------------------------------------------------------- vocabulary

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NUM = {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
_WEEKDAY_NUM = {name.lower(): i for i, name in enumerate(_WEEKDAYS)}
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "couple of": 2,
}
# words after a 4-digit number that make it a count, not a year ("of 2000 troops")
_COUNT_NOUNS = (
    "troops|soldiers|people|civilians|men|women|children|fighters|militants|residents|refugees|prisoners|"
    "casualties|dead|killed|wounded|injured|deaths|homes|houses|buildings|drones|missiles|rockets|shells|"
    "rounds|tanks|vehicles|units|km|kilometres|kilometers|miles|metres|meters|tonnes|tons|hectares|acres|"
    "dollars|euros|rubles|roubles|times|cases|families|households|strikes|attacks|troop"
)
# capitalised words before a weekday that make it a holiday or a name ("Bloody Sunday")
_HOLIDAY_WORDS = frozenset("good bloody black super ash easter palm holy maundy cyber shrove clean great red".split())
# capitalised words after a weekday that make it a newspaper ("Sunday Times")
_PAPER_WORDS = frozenset("times telegraph express mirror herald post mail sport star independent observer".split())
# capitalised words that may stand before "Today" without making it a name ("USA Today")
_FUNCTION_WORDS = frozenset(
    "on in since until by and but earlier later as only even also then before after from for at of not still "
    "so yet or until till".split()
)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))


_S = r"\s{1,3}"
_MONTH_FULL = "(?-i:" + _alt([*_MONTH_NAMES, *(n.upper() for n in _MONTH_NAMES)]) + r")(?![^\W_])"
_MONTH_ANY = (
    "(?-i:" + _alt([*_MONTH_NAMES, *(n.upper() for n in _MONTH_NAMES)])
    + "|(?:" + _alt([*_MONTH_ABBR, *(a.upper() for a in _MONTH_ABBR)]) + r")\.?)(?![^\W_])"
)
_WEEKDAY = "(?-i:" + _alt([*_WEEKDAYS, *(w.upper() for w in _WEEKDAYS)]) + r")(?![^\W_])"
_NUM = (
    r"\d{1,4}|" + _alt(k for k in _NUMBER_WORDS if " " not in k)
    + "|a" + _S + "couple" + _S + "of|couple" + _S + "of"
)
_VAGUE = "a" + _S + "few|few|several|some|many"
_LB_DAY = r"(?<![\w.,:/])"  # a day number does not continue another number
_SEP = r"(?P<sep>\s{0,3}[-–—]\s{0,3}|" + _S + r"(?:to|and|until|till|through|thru)" + _S + ")"


def _day(name: str) -> str:
    return rf"(?:the{_S})?(?P<{name}>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![^\W_])"


def _month(name: str, full: bool = False) -> str:
    return f"(?P<{name}>{_MONTH_FULL if full else _MONTH_ANY})"


def _year(name: str) -> str:
    return rf"(?P<{name}>1[89]\d\d|20\d\d)(?![^\W_]|[.,]\d)"


_WD_PREFIX = rf"(?:(?P<wd>{_WEEKDAY}),?{_S})?"
_NO_NUMBER_AFTER = r"(?![:.,]\d)"
_YEAR_TAIL = rf"(?:,?{_S}{_year('y')})?"

# cue words that let a bare month ("in May") or a bare year ("in 2022") count as a date
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|during|since|until|till|by|before|after|from|through|throughout|early|late|mid|of|end|"
    r"beginning|start|middle)" + _S + r"|\bmid\s?[-–]\s?)\Z",
    re.I,
)
_YEAR_CUE = re.compile(
    r"(?:\b(?:in|during|since|until|till|by|before|after|from|through|throughout|early|late|mid|of|year|"
    r"end|beginning|start|middle)" + _S + r"|\bmid\s?[-–]\s?)\Z",
    re.I,
)
_SEASON_CUE = re.compile(
    r"\b(?:in|during|since|until|till|by|over|through|throughout|before|after|early|late|mid|of)"
    + _S + r"(?:the" + _S + r")?\Z|\bmid\s?[-–]\s?\Z",
    re.I,
)
_PREV_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]+)" + _S + r"\Z")
_NEXT_WORD = re.compile(_S + r"([^\W\d_]+)")
_NUMBER_BEFORE = re.compile(r"\d" + _S + r"\Z")
# modifiers, matched on the text just before a mention
_PART_RE = re.compile(
    r"(?:\b(?P<pos>early|mid|late)(?:" + _S + r"|\s?[-–]\s?)"
    r"|\b(?:the" + _S + r")?(?P<edge>end|beginning|start|middle)" + _S + "of" + _S
    + r"|\b(?:the" + _S + r")?(?P<ord>first|second|third|fourth|last|final)" + _S
    + r"(?P<frac>half|quarter)" + _S + "of" + _S + r")\Z",
    re.I,
)
_SINCE_RE = re.compile(r"\b(?:ever" + _S + r")?since" + _S + r"\Z", re.I)
_MODIFIER_WINDOW = 40


# ---------------------------------------------------------------- date arithmetic


def _month_bounds(y: int, m: int) -> _Span:
    return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])


def _year_bounds(y: int) -> _Span:
    return _dt.date(y, 1, 1), _dt.date(y, 12, 31)


def _week_bounds(d: _dt.date) -> _Span:
    monday = d - _D(days=d.weekday())
    return monday, monday + _D(days=6)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + m - 1 + k
    return i // 12, i % 12 + 1


def _add_months(d: _dt.date, k: int) -> _dt.date:
    y, m = _shift_month(d.year, d.month, k)
    return _dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _season_bounds(season: str, y: int) -> _Span:
    m = _SEASON_MONTH.get(season)
    if m is None:  # "ſpring": case folding beyond ASCII matched a season the table does not spell so
        raise ValueError(f"not a season: {season!r}")
    ey, em = _shift_month(y, m, 2)
    return _dt.date(y, m, 1), _month_bounds(ey, em)[1]


def _precision_of(span: _Span) -> str:
    """The unit an explicit range fits: 1 day, up to 11 days, up to 31 days, longer."""
    days = (span[1] - span[0]).days + 1
    return "day" if days <= 1 else "week" if days <= 11 else "month" if days <= 31 else "year"


def _infer_year(month: int, day: int, pub: _dt.date) -> _dt.date:
    """The date with this month and day nearest before ``pub`` (up to AHEAD_DAYS after it)."""
    limit = pub + _D(days=AHEAD_DAYS)
    for y in range(pub.year, pub.year - 9, -1):
        try:
            d = _dt.date(y, month, day)
        except ValueError:
            continue  # 29 February
        if d <= limit:
            return d
    raise ValueError(f"no year for {month}/{day}")


def _month_year(month: int, rel: str, pub: _dt.date) -> int:
    if rel == "next":
        return pub.year if month > pub.month else pub.year + 1
    if rel in ("last", "past"):
        return pub.year if month < pub.month else pub.year - 1
    if rel == "this":
        return pub.year
    return pub.year if _dt.date(pub.year, month, 1) <= pub + _D(days=AHEAD_DAYS) else pub.year - 1


def _season_span(season: str, rel: str, pub: _dt.date) -> _Span:
    spans = [_season_bounds(season, y) for y in range(pub.year - 2, pub.year + 2)]
    if rel == "next":
        return next(s for s in spans if s[0] > pub)
    if rel in ("last", "past"):
        return [s for s in spans if s[1] < pub][-1]
    if rel == "this":
        for s in spans:
            if s[0] <= pub <= s[1]:
                return s
        return next(s for s in spans if s[0].year == pub.year)
    return [s for s in spans if s[0] <= pub + _D(days=AHEAD_DAYS)][-1]


def _weekday_date(wd: int, rel: str, pub: _dt.date) -> _dt.date:
    if rel == "next":
        return pub + _D(days=(wd - pub.weekday()) % 7 or 7)
    if rel in ("last", "past"):
        return pub - _D(days=(pub.weekday() - wd) % 7 or 7)
    return pub - _D(days=(pub.weekday() - wd) % 7)


def _the_weekend(p: _dt.date) -> _Span:
    saturday = p - _D(days=(p.weekday() - 5) % 7)
    return saturday, saturday + _D(days=1)


def _last_weekend(p: _dt.date) -> _Span:
    sunday = p - _D(days=(p.weekday() - 6) % 7 or 7)
    return sunday - _D(days=1), sunday


def _this_weekend(p: _dt.date) -> _Span:
    if p.weekday() == 6:
        return p - _D(days=1), p
    saturday = p + _D(days=5 - p.weekday())
    return saturday, saturday + _D(days=1)


def _next_weekend(p: _dt.date) -> _Span:
    saturday = p + _D(days=(5 - p.weekday()) % 7 or 7)
    return saturday, saturday + _D(days=1)


def _day_span(k: int) -> Callable[[_dt.date], _Span]:
    return lambda p: (p + _D(days=k), p + _D(days=k))


def _earlier_this(unit: str) -> Callable[[_dt.date], _Span]:
    def span(p: _dt.date) -> _Span:
        first = {"week": _week_bounds(p)[0], "month": p.replace(day=1), "year": p.replace(month=1, day=1)}[unit]
        return first, max(first, p - _D(days=1))

    return span


def _later_this(unit: str) -> Callable[[_dt.date], _Span]:
    def span(p: _dt.date) -> _Span:
        last = {
            "week": _week_bounds(p)[1], "month": _month_bounds(p.year, p.month)[1], "year": p.replace(month=12, day=31),
        }[unit]
        return min(last, p + _D(days=1)), last

    return span


# phrase -> (unit, precision, status, span of the publication date)
_PHRASES: dict[str, tuple[str, str, str, Callable[[_dt.date], _Span]]] = {
    "today": ("day", "day", "", _day_span(0)),
    "earlier today": ("day", "day", "happened", _day_span(0)),
    "later today": ("day", "day", "expected", _day_span(0)),
    "tonight": ("day", "day", "", _day_span(0)),
    "this morning": ("day", "day", "", _day_span(0)),
    "this afternoon": ("day", "day", "", _day_span(0)),
    "this evening": ("day", "day", "", _day_span(0)),
    "yesterday": ("day", "day", "happened", _day_span(-1)),
    "yesterday morning": ("day", "day", "happened", _day_span(-1)),
    "yesterday afternoon": ("day", "day", "happened", _day_span(-1)),
    "yesterday evening": ("day", "day", "happened", _day_span(-1)),
    "last night": ("day", "day", "happened", _day_span(-1)),
    "last evening": ("day", "day", "happened", _day_span(-1)),
    "the day before yesterday": ("day", "day", "happened", _day_span(-2)),
    "tomorrow": ("day", "day", "expected", _day_span(1)),
    "tomorrow morning": ("day", "day", "expected", _day_span(1)),
    "tomorrow afternoon": ("day", "day", "expected", _day_span(1)),
    "tomorrow evening": ("day", "day", "expected", _day_span(1)),
    "tomorrow night": ("day", "day", "expected", _day_span(1)),
    "the day after tomorrow": ("day", "day", "expected", _day_span(2)),
    "overnight": ("day", "day", "", _day_span(0)),  # the night before the morning it is reported
    "this week": ("week", "week", "", _week_bounds),
    "last week": ("week", "week", "happened", lambda p: _week_bounds(p - _D(days=7))),
    "next week": ("week", "week", "expected", lambda p: _week_bounds(p + _D(days=7))),
    "earlier this week": ("window", "week", "happened", _earlier_this("week")),
    "later this week": ("window", "week", "expected", _later_this("week")),
    "the week": ("week", "week", "", _week_bounds),
    "the weekend": ("weekend", "week", "", _the_weekend),
    "this weekend": ("weekend", "week", "", _this_weekend),
    "last weekend": ("weekend", "week", "happened", _last_weekend),
    "this past weekend": ("weekend", "week", "happened", _last_weekend),
    "next weekend": ("weekend", "week", "expected", _next_weekend),
    "this month": ("month", "month", "", lambda p: _month_bounds(p.year, p.month)),
    "last month": ("month", "month", "happened", lambda p: _month_bounds(*_shift_month(p.year, p.month, -1))),
    "next month": ("month", "month", "expected", lambda p: _month_bounds(*_shift_month(p.year, p.month, 1))),
    "earlier this month": ("window", "month", "happened", _earlier_this("month")),
    "later this month": ("window", "month", "expected", _later_this("month")),
    "the month": ("month", "month", "", lambda p: _month_bounds(p.year, p.month)),
    "this year": ("year", "year", "", lambda p: _year_bounds(p.year)),
    "last year": ("year", "year", "happened", lambda p: _year_bounds(p.year - 1)),
    "next year": ("year", "year", "expected", lambda p: _year_bounds(p.year + 1)),
    "earlier this year": ("window", "year", "happened", _earlier_this("year")),
    "later this year": ("window", "year", "expected", _later_this("year")),
    "the year": ("year", "year", "", lambda p: _year_bounds(p.year)),
}
_NEEDS_MODIFIER = frozenset(("the week", "the month", "the year"))
_NAME_LIKE = frozenset(("today", "tonight", "tomorrow", "yesterday"))


# ---------------------------------------------------------------- candidate builders


def _cand(m: re.Match, span: _Span | None, unit: str, precision: str, relative: bool, status: str = "") -> _Cand:
    if span is not None and span[1] < span[0]:
        raise ValueError("range ends before it starts")
    return _Cand(m.start(), m.end(), span, unit, precision, relative, status)


def _relative(m: re.Match, pub: _dt.date | None, make: Callable[[_dt.date], _Span], unit: str, precision: str,
              status: str = "") -> _Cand:
    return _cand(m, None if pub is None else make(pub), unit, precision, True, status)


def _month_of(s: str) -> int:
    return _MONTH_NUM[s.rstrip(".")[:3].lower()]


def _year_or_none(s: str | None) -> int | None:
    return int(s) if s else None


def _single_day(m: re.Match, pub: _dt.date | None, month: int, day: int, year: int | None) -> _Cand:
    if year is not None:
        d = _dt.date(year, month, day)
        return _cand(m, (d, d), "day", "day", False)
    _dt.date(2000, month, day)  # reject 31 April even without a year (2000: leap)
    return _relative(m, pub, lambda p: (_infer_year(month, day, p),) * 2, "day", "day")


def _h_dmy(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    return _single_day(m, pub, _month_of(m["m"]), int(m["d"]), _year_or_none(m["y"]))


def _h_month_year(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    return _cand(m, _month_bounds(int(m["y"]), _month_of(m["m"])), "month", "month", False)


def _h_iso(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    d = _dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    if not 1800 <= d.year <= 2099:
        raise ValueError("year out of range")
    return _cand(m, (d, d), "day", "day", False)


def _h_numeric(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if not 1800 <= y <= 2099:
        raise ValueError("year out of range")
    try:
        d = _dt.date(y, b, a)  # day first
    except ValueError:
        d = _dt.date(y, a, b)
    return _cand(m, (d, d), "day", "day", False)


def _has_cue(cue: re.Pattern, text: str, start: int) -> bool:
    return cue.search(text, max(0, start - 30), start) is not None


def _h_bare_month(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    rel = (m["rel"] or "").lower()
    if not rel and not _has_cue(_MONTH_CUE, text, m.start()):
        return None
    month = _month_of(m["m"])
    status = {"last": "happened", "past": "happened", "next": "expected"}.get(rel, "")
    return _relative(m, pub, lambda p: _month_bounds(_month_year(month, rel, p), month), "month", "month", status)


def _h_bare_year(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    if not _has_cue(_YEAR_CUE, text, m.start()):
        return None
    return _cand(m, _year_bounds(int(m["y"])), "year", "year", False)


def _h_season(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    season = m["s"].lower()
    if m["y"]:
        return _cand(m, _season_bounds(season, int(m["y"])), "season", "year", False)
    rel = (m["rel"] or "").lower().split()[-1] if m["rel"] else ""
    if not rel:
        if not _has_cue(_SEASON_CUE, text, m.start()):
            return None
        if re.match(_S + r"of\b", text[m.end() : m.end() + 8], re.I):
            return None  # "the fall of Kabul"
        prev = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
        if m["s"][0].isupper() and prev and prev[1][0].isupper() and prev[1].lower() not in _FUNCTION_WORDS:
            return None  # "the Arab Spring"
    status = {"last": "happened", "past": "happened", "next": "expected"}.get(rel, "")
    return _relative(m, pub, lambda p: _season_span(season, rel, p), "season", "year", status)


def _h_quarter(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    kind, n, y = m["k"], int(m["n"]), int(m["y"])
    months = 3 if kind == "Q" else 6
    if n * months > 12:
        return None
    first = (n - 1) * months + 1
    return _cand(m, (_dt.date(y, first, 1), _month_bounds(y, first + months - 1)[1]), "window", "year", False)


def _h_weekday(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    rel = m["rel"].lower().split()[-1] if m["rel"] else ""
    if not rel:
        prev = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
        if prev and prev[1][0].isupper() and prev[1].lower() in _HOLIDAY_WORDS:
            return None  # "Bloody Sunday", "Good Friday"
        nxt = _NEXT_WORD.match(text, m.end(), m.end() + 30)
        if not m["part"] and nxt and nxt[1][0].isupper() and nxt[1].lower() in _PAPER_WORDS:
            return None  # "the Sunday Times"
    wd = _WEEKDAY_NUM[m["wd"].lower()]
    status = {"last": "happened", "past": "happened", "next": "expected"}.get(rel, "")
    return _relative(m, pub, lambda p: (_weekday_date(wd, rel, p),) * 2, "day", "day", status)


def _h_night_of(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    month, d1, year = _month_of(m["m"]), int(m["d1"]), _year_or_none(m["y"])
    d2 = int(m["d2"]) if m["d2"] else d1
    if d2 not in (d1, d1 + 1):
        raise ValueError("a night spans one or two days")
    # the night of 17 to 18 November is dated the 18th, the morning it is reported (the shared README)
    if year is not None:
        _dt.date(year, month, d1)
        return _cand(m, (_dt.date(year, month, d2),) * 2, "day", "day", False)
    _dt.date(2000, month, d2)

    def span(p: _dt.date) -> _Span:
        last = _infer_year(month, d1, p) + _D(days=d2 - d1)
        return last, last

    return _relative(m, pub, span, "day", "day")


def _h_night_of_weekday(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    w1 = _WEEKDAY_NUM[m["w1"].lower()]
    if m["w2"] and _WEEKDAY_NUM[m["w2"].lower()] != (w1 + 1) % 7:
        raise ValueError("a night spans two consecutive days")
    extra = _D(days=1 if m["w2"] else 0)

    def span(p: _dt.date) -> _Span:
        last = _weekday_date(w1, "", p) + extra  # the night of Monday to Tuesday: Tuesday
        return last, last

    return _relative(m, pub, span, "day", "day")


def _range_cand(m: re.Match, pub: _dt.date | None, first: tuple[int | None, int, int],
                last: tuple[int | None, int, int], unit: str = "window") -> _Cand:
    """A range from (year, month, day) to (year, month, day); missing years come from each other or ``pub``."""
    (y1, m1, d1), (y2, m2, d2) = first, last
    if y1 is None and y2 is None:
        def span(p: _dt.date) -> _Span:
            s = _infer_year(m1, d1, p)
            return s, _dt.date(s.year if (m2, d2) >= (m1, d1) else s.year + 1, m2, d2)

        nominal = (_dt.date(2000, m1, d1), _dt.date(2000 if (m2, d2) >= (m1, d1) else 2001, m2, d2))
        return _relative(m, pub, span, unit, _precision_of(nominal))
    if y2 is None:
        assert y1 is not None  # both missing is handled above
        y2 = y1 if (m2, d2) >= (m1, d1) else y1 + 1
    elif y1 is None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    s = (_dt.date(y1, m1, d1), _dt.date(y2, m2, d2))
    if s[1] <= s[0]:
        raise ValueError("empty range")
    return _cand(m, s, unit, _precision_of(s), False)


def _check_range_words(m: re.Match) -> None:
    sep = m["sep"].strip().lower()
    pre = (m["pre"] or "").lower()
    if pre == "between" and sep in ("to", "until", "till", "through", "thru") or pre == "from" and sep == "and":
        raise ValueError("between ... and, from ... to")


def _h_day_range_one_month(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    _check_range_words(m)
    month, y = _month_of(m["m"]), _year_or_none(m["y"])
    return _range_cand(m, pub, (y, month, int(m["d1"])), (y, month, int(m["d2"])))


def _h_day_range_two_months(m: re.Match, text: str, pub: _dt.date | None) -> _Cand:
    _check_range_words(m)
    first = (_year_or_none(m["y1"]), _month_of(m["m1"]), int(m["d1"]))
    last = (_year_or_none(m["y2"]), _month_of(m["m2"]), int(m["d2"]))
    return _range_cand(m, pub, first, last)


def _h_month_range(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    _check_range_words(m)
    if not m["pre"] and m["sep"].strip().lower() == "and":
        return None  # "in March and May": two months, not a range
    m1, m2 = _month_of(m["m1"]), _month_of(m["m2"])
    y1, y2 = _year_or_none(m["y1"]), _year_or_none(m["y2"])
    if y1 is None and y2 is None:
        def span(p: _dt.date) -> _Span:
            sy = _month_year(m1, "", p)
            return _month_bounds(sy, m1)[0], _month_bounds(sy if m2 >= m1 else sy + 1, m2)[1]

        return _relative(m, pub, span, "window", "year")
    if y2 is None:
        assert y1 is not None  # both missing is handled above
        y2 = y1 if m2 >= m1 else y1 + 1
    elif y1 is None:
        y1 = y2 if m1 <= m2 else y2 - 1
    s = (_month_bounds(y1, m1)[0], _month_bounds(y2, m2)[1])
    if (y2, m2) <= (y1, m1):
        raise ValueError("empty range")
    return _cand(m, s, "window", _precision_of(s), False)


def _h_year_range(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    _check_range_words(m)
    if not m["pre"] and m["sep"].strip().lower() not in ("-", "–", "—"):
        return None
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 <= y1:
        raise ValueError("empty range")
    return _cand(m, (_year_bounds(y1)[0], _year_bounds(y2)[1]), "window", "year", False)


def _h_phrase(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    key = " ".join(m.group().lower().split())
    if key not in _PHRASES:
        return None  # "yeſterday": case folding beyond ASCII matched a phrase the table does not spell so
    unit, precision, status, make = _PHRASES[key]
    if key in _NAME_LIKE and m.group()[0].isupper():
        prev = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
        if prev and prev[1][0].isupper() and prev[1].lower() not in _FUNCTION_WORDS:
            return None  # "USA Today", "Russia Today"
    c = _relative(m, pub, make, unit, precision, status)
    c.needs_modifier = key in _NEEDS_MODIFIER
    return c


def _count(s: str | None) -> int | None:
    """The number in "two", "12", "a couple of"; None for vague words ("a few", "several")."""
    if s is None:
        return None
    key = " ".join(s.lower().split())
    if key.isdigit():
        n = int(key)
        if n == 0:
            raise ValueError("zero")
        return n
    return _NUMBER_WORDS.get(key)


def _h_ago(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    if m["n"] is None and _NUMBER_BEFORE.search(text, max(0, m.start() - 5), m.start()):
        return None  # "10000 days ago": a number the pattern does not take
    n, unit = _count(m["n"]), m["u"].lower().rstrip("s")

    def span(p: _dt.date) -> _Span:
        if unit == "hour":
            k = n or 12
            return p - _D(days=math.ceil(k / 24)), p - _D(days=k // 24)
        if unit == "day":
            return (p - _D(days=n),) * 2 if n else (p - _D(days=7), p - _D(days=2))
        if unit == "week":
            return _week_bounds(p - _D(days=7 * n)) if n else (p - _D(days=35), p - _D(days=14))
        if unit == "month":
            if n:
                return _month_bounds(*_shift_month(p.year, p.month, -n))
            return (_month_bounds(*_shift_month(p.year, p.month, -6))[0],
                    _month_bounds(*_shift_month(p.year, p.month, -2))[1])
        return _year_bounds(p.year - n) if n else (_year_bounds(p.year - 5)[0], _year_bounds(p.year - 2)[1])

    precision = {"hour": "day", "day": "day" if n else "week", "week": "week" if n else "month"}.get(unit, unit)
    if unit == "month" and not n:
        precision = "year"
    return _relative(m, pub, span, unit if n else "window", precision, "happened")


def _window(p: _dt.date, unit: str, n: int | None, forward: bool) -> _Span:
    """The rolling window of ``n`` units (None: a vague "few") before or after ``p``."""
    sign = 1 if forward else -1
    if unit == "hour":
        k = max(1, math.ceil((n or 24) / 24))
        return (p, p + _D(days=k)) if forward else (p - _D(days=k), p)
    if unit in ("day", "week", "fortnight"):
        per = {"day": 1, "week": 7, "fortnight": 14}[unit]
        days = per * n if n else {"day": 7, "week": 28, "fortnight": 28}[unit]
        far = p + _D(days=sign * days)
    elif unit == "month":
        far = _add_months(p, sign * (n or 6)) if n != 1 else p + _D(days=sign * 30)
    else:
        far = _add_months(p, sign * 12 * (n or 5)) if n != 1 else p + _D(days=sign * 365)
    return (p + _D(days=1), far) if forward else (far, p - _D(days=1))


_REF = _dt.date(2001, 1, 1)  # precision of a window must not depend on the publication date


def _window_precision(unit: str, n: int | None) -> str:
    if unit == "hour":
        days = max(1, math.ceil((n or 24) / 24))
        return "day" if days <= 2 else _precision_of((_REF, _REF + _D(days=days)))
    if n is None:
        return {"day": "week", "week": "month", "fortnight": "month"}.get(unit, "year")
    return _precision_of(_window(_REF, unit, n, forward=True))


def _window_args(m: re.Match) -> tuple[str, int | None]:
    """(unit, count) of a window: count None for a vague plural ("days", "a few weeks")."""
    word = m["u"].lower()
    unit = word.rstrip("s")
    n = m.groupdict().get("n")
    if n:
        return unit, _count(n)
    return unit, None if word.endswith("s") else 1


def _h_recent(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    w = " ".join(m["w"].lower().split())
    if w == "recent" and not (m["pre"] or m["the"]):
        return None
    if w in ("past", "last") and not m["the"]:
        return None  # "last week" is the calendar week (a phrase), "the past week" the rolling one
    unit, n = _window_args(m)
    status = "ongoing" if (m["pre"] or "").lower() in ("for", "throughout") else "happened"
    span = None if pub is None else _window(pub, unit, n, forward=False)
    return _cand(m, span, "window", _window_precision(unit, n), True, status)


def _h_coming(m: re.Match, text: str, pub: _dt.date | None) -> _Cand | None:
    if m.groupdict().get("w", "").lower() == "next" and not m["pre"]:
        return None  # "the next day": the day after some event, not after publication
    unit, n = _window_args(m)
    span = None if pub is None else _window(pub, unit, n, forward=True)
    return _cand(m, span, "window", _window_precision(unit, n), True, "expected")


# ---------------------------------------------------------------- the rules
#
# A rule is one record: its pattern, its handler and the words a match can start with.  Every pattern begins
# with a negative lookbehind for a word character and then consumes a letter or a digit, so a match can only
# start where a run of letters and digits starts.  :class:`_RuleTable` derives from the records which rules
# can start at each first word and what must come next, and :func:`_rule_matches` visits only the runs that
# begin with such a word, trying there just the rules that can start with it, instead of letting every rule
# try every position.  The matches are the ones ``finditer`` gives, rule by rule (the test suite checks this
# on generated text).  Adding a rule is adding one record.

_DIGIT, _QUARTER = "<digit>", "<quarter>"  # a run starting with a digit; Q or H followed by 1-4

#: handler(match, text, published) -> a candidate, or None when the match is not a date
_Handler = Callable[[re.Match, str, _dt.date | None], _Cand | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One date rule: a pattern, the handler that reads its matches, and the words a match can start with.

    ``first_words`` are lower-case words, :data:`_DIGIT` (a run starting with a digit) or :data:`_QUARTER`
    ("Q1" to "H4").  ``follow`` narrows some of them: after such a first word, a match of this rule always
    goes on with one of the given words (:data:`_DIGIT`: or a run starting with a digit), so the pattern need
    not be tried where the next word is another.  The handler returns None for a match that is no date
    ("the Sunday Times") and raises ValueError or OverflowError for a date that cannot be (31 April) or lies
    outside the calendar; any other exception is a bug and propagates.
    """

    pattern: re.Pattern
    handler: _Handler
    first_words: frozenset[str]
    follow: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        stray = sorted(set(self.follow) - self.first_words)
        if stray:
            raise ValueError(f"date rule {self.handler.__name__}: follow words given for {stray}, "
                             f"which are not among its first words {sorted(self.first_words)}")


def _rule(pattern: str, handler: _Handler, first_words: Iterable[str],
          follow: Mapping[str, Iterable[str]] | None = None) -> Rule:
    """A :class:`Rule` from a case-insensitive pattern and plain iterables of words."""
    nexts = {w: frozenset(words) for w, words in (follow or {}).items()}
    return Rule(re.compile(pattern, re.I), handler, frozenset(first_words), nexts)


_WD_W = frozenset(w.lower() for w in _WEEKDAYS)
_MONTH_W = frozenset(w.lower() for w in (*_MONTH_NAMES, *_MONTH_ABBR))
_MONTH_FULL_W = frozenset(w.lower() for w in _MONTH_NAMES)
_REL_W = frozenset(("last", "next", "this", "past"))
_RANGE_W = frozenset(("between", "from"))
_UNIT_W = frozenset(u + s for u in ("hour", "day", "week", "month", "year", "fortnight") for s in ("", "s"))
_UNIT_PLURALS = frozenset(("hours", "days", "weeks", "months", "years"))
_COUNT_W = frozenset((*(k for k in _NUMBER_WORDS if " " not in k), "few", "several", "some", "many"))
_RECENT_W = frozenset(("recent", "this", "past", "last"))
_COMING_W = frozenset(("coming", "next", "upcoming"))
_THE_DAY = {"the": {_DIGIT}}  # "the 18th"


def _phrase_follow() -> dict[str, frozenset[str]]:
    """For each first word of :data:`_PHRASES` that is no phrase alone, the second words it can take."""
    seconds: dict[str, set[str | None]] = {}
    for phrase in _PHRASES:
        first, *rest = phrase.split()
        seconds.setdefault(first, set()).add(rest[0] if rest else None)
    return {w: frozenset(s for s in nexts if s is not None) for w, nexts in seconds.items() if None not in nexts}


_RANGE_PRE = rf"(?:(?P<pre>between|from){_S})?"
_RULES: tuple[Rule, ...] = (
    # 18 January 2018, Monday, 18 Jan. 2018, the 18th of January, 18 January (year from publication)
    _rule(_LB_DAY + _WD_PREFIX + _day("d") + rf"(?:{_S}of)?{_S}" + _month("m") + _YEAR_TAIL, _h_dmy,
          _WD_W | {"the", _DIGIT}, _THE_DAY),
    # January 18, 2018; Jan 18
    _rule(_LB_DAY + _WD_PREFIX + _month("m") + _S + _day("d") + _NO_NUMBER_AFTER + _YEAR_TAIL, _h_dmy,
          _WD_W | _MONTH_W),
    # November 2024, Nov. 2024, May of 2022
    _rule(_LB_DAY + _month("m") + rf",?{_S}(?:of{_S})?" + _year("y"), _h_month_year, _MONTH_W),
    # 2024-11-18, 2024/11/18
    _rule(r"(?<![\w.\-/])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d|[-/.:]\d)", _h_iso,
          {_DIGIT}),
    # 18/01/2018, 18.01.2018, 18-01-2018 (day first)
    _rule(r"(?<![\w.\-/])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d|[-/.:]\d)", _h_numeric,
          {_DIGIT}),
    # in March, since May, last November (needs a cue word or last/next/this)
    _rule(rf"(?<![\w])(?:(?P<rel>last|next|this|past){_S})?" + _month("m", full=True), _h_bare_month,
          _REL_W | _MONTH_FULL_W),
    # in 2022, since 2014, late 2023 (needs a cue word)
    _rule(r"(?<![\w.,$£€#/])" + _year("y")
          + rf"(?!\s?%|\s?[-–]\s?\d|{_S}(?:{_COUNT_NOUNS})\b|{_S}per\s{{0,3}}cent)", _h_bare_year, {_DIGIT}),
    # spring 2023, the summer of 2022, winter 2022/23, last summer, this past summer, in the spring
    _rule(rf"(?<![\w])(?:(?P<rel>this{_S}past|last|next|this|past){_S})?(?P<s>spring|summer|autumn|fall|winter)"
          rf"(?![^\W_])(?:,?{_S}(?:of{_S})?" + _year("y") + r"(?:[/\-–](?:\d{4}|\d{2})(?!\d))?)?", _h_season,
          _REL_W | set(_SEASON_MONTH)),
    # Q1 2024, H2 2023
    _rule(r"(?<![\w])(?-i:(?P<k>[QH]))(?P<n>[1-4])(?:\s{1,3}|-|/)?" + _year("y"), _h_quarter, {_QUARTER}),
    # Tuesday, last Tuesday, Monday night
    _rule(rf"(?<![\w])(?:(?P<rel>this{_S}past|last|next|this|past){_S})?(?P<wd>{_WEEKDAY})"
          rf"(?:{_S}(?P<part>night|morning|afternoon|evening))?", _h_weekday, _REL_W | _WD_W),
    # the night of 5 to 6 May
    _rule(rf"(?<![\w])the{_S}night{_S}of{_S}" + _day("d1")
          + rf"(?:(?:\s{{0,3}}[-–—/]\s{{0,3}}|{_S}(?:to|into|and){_S})" + _day("d2") + ")?"
          + rf"(?:{_S}of)?{_S}" + _month("m") + _YEAR_TAIL, _h_night_of, {"the"}, {"the": {"night"}}),
    # the night of Monday to Tuesday
    _rule(rf"(?<![\w])the{_S}night{_S}of{_S}(?P<w1>{_WEEKDAY})"
          rf"(?:(?:\s{{0,3}}[-–—/]\s{{0,3}}|{_S}(?:to|into|and){_S})(?P<w2>{_WEEKDAY}))?", _h_night_of_weekday,
          {"the"}, {"the": {"night"}}),
    # between 10 and 12 March 2024, from 10 to 12 March, 10-12 March
    _rule(_LB_DAY + _RANGE_PRE + _day("d1") + _SEP + _day("d2") + rf"(?:{_S}of)?{_S}" + _month("m") + _YEAR_TAIL,
          _h_day_range_one_month, _RANGE_W | {"the", _DIGIT}, _THE_DAY),
    # from 28 December 2023 to 3 January 2024, between 10 March and 2 April
    _rule(_LB_DAY + _RANGE_PRE + _day("d1") + rf"(?:{_S}of)?{_S}" + _month("m1") + rf"(?:,?{_S}{_year('y1')})?"
          + _SEP + _day("d2") + rf"(?:{_S}of)?{_S}" + _month("m2") + rf"(?:,?{_S}{_year('y2')})?",
          _h_day_range_two_months, _RANGE_W | {"the", _DIGIT}, _THE_DAY),
    # March 10-12, 2024
    _rule(_LB_DAY + _RANGE_PRE + _month("m") + _S + _day("d1") + _SEP + _day("d2") + _NO_NUMBER_AFTER + _YEAR_TAIL,
          _h_day_range_one_month, _RANGE_W | _MONTH_W),
    # March 28 - April 3, 2024
    _rule(_LB_DAY + _RANGE_PRE + _month("m1") + _S + _day("d1") + rf"(?:,?{_S}{_year('y1')})?" + _SEP
          + _month("m2") + _S + _day("d2") + _NO_NUMBER_AFTER + rf"(?:,?{_S}{_year('y2')})?",
          _h_day_range_two_months, _RANGE_W | _MONTH_W),
    # between March and May 2024, March-May 2024
    _rule(r"(?<![\w])" + _RANGE_PRE + _month("m1") + rf"(?:{_S}{_year('y1')})?" + _SEP + _month("m2")
          + rf"(?:{_S}{_year('y2')})?", _h_month_range, _RANGE_W | _MONTH_W),
    # from 2014 to 2022, between 2014 and 2022, 2014-2022
    _rule(r"(?<![\w.,$£€#/])" + _RANGE_PRE + _year("y1") + _SEP + _year("y2") + rf"(?!{_S}(?:{_COUNT_NOUNS})\b)",
          _h_year_range, _RANGE_W | {_DIGIT}),
    # today, yesterday, last week, earlier this month, the weekend ...
    _rule(r"(?<![\w\-])(?:" + _alt(k.replace(" ", _S) for k in _PHRASES) + r")(?![\w\-])", _h_phrase,
          {k.split()[0] for k in _PHRASES}, _phrase_follow()),
    # two days ago, a few weeks ago, a couple of months ago, hours ago
    _rule(rf"(?<![\w])(?:(?P<n>{_VAGUE}|{_NUM}){_S})?(?P<u>hours?|days?|weeks?|months?|years?){_S}ago(?![^\W_])",
          _h_ago, _COUNT_W | {k.split()[0] for k in _NUMBER_WORDS} | _UNIT_W | {_DIGIT},
          {**dict.fromkeys(_COUNT_W, _UNIT_W), "a": _UNIT_W | {"few", "couple"}, "couple": {"of"},
           **dict.fromkeys(_UNIT_W, {"ago"})}),
    # in recent days, in the past few weeks, over the past 24 hours, for the past two weeks
    _rule(rf"(?<![\w])(?:(?P<pre>in|over|during|within|for|throughout){_S})?(?:(?P<the>the){_S})?"
          rf"(?P<w>recent|this{_S}past|past|last){_S}(?:(?P<n>{_VAGUE}|{_NUM}){_S})?"
          rf"(?P<u>hours?|days?|weeks?|months?|years?|fortnights?)(?![^\W_])(?!{_S}of\b|['’]s\b)", _h_recent,
          {"in", "over", "during", "within", "for", "throughout", "the"} | _RECENT_W,
          {**dict.fromkeys(("in", "over", "during", "within", "for", "throughout"), _RECENT_W | {"the"}),
           "the": _RECENT_W}),
    # in the coming days, in the next few weeks, in the next 48 hours
    _rule(rf"(?<![\w])(?:(?P<pre>in|over|during|within|for){_S})?the{_S}(?P<w>coming|next|upcoming){_S}"
          rf"(?:(?P<n>{_VAGUE}|{_NUM}){_S})?(?P<u>hours?|days?|weeks?|months?|years?|fortnights?)(?![^\W_])"
          rf"(?!{_S}of\b|['’]s\b)", _h_coming, {"in", "over", "during", "within", "for", "the"},
          {**dict.fromkeys(("in", "over", "during", "within", "for"), {"the"}), "the": _COMING_W}),
    # in the days ahead, in the weeks to come
    _rule(rf"(?<![\w])(?:(?P<pre>in|over|during|within){_S})?the{_S}(?P<u>hours|days|weeks|months|years)"
          rf"{_S}(?:ahead|to{_S}come)(?![^\W_])", _h_coming, {"in", "over", "during", "within", "the"},
          {**dict.fromkeys(("in", "over", "during", "within"), {"the"}), "the": _UNIT_PLURALS}),
)

_Follow = tuple[frozenset[str], bool]  # (words the next run may be, lower case; or any run starting with a digit)


class _RuleTable:
    """Rules, and the prefilter derived from them: the rules each first word can start, and, where every
    one of those rules says what must come next, the words allowed next (the union of what they allow)."""

    __slots__ = ("rules", "starts", "follow", "digit_rules", "quarter_rules", "every_rule", "known")

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        starts: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            for w in rule.first_words:
                starts.setdefault(w, []).append(i)
        self.starts = {w: tuple(idx) for w, idx in starts.items()}
        self.follow: dict[str, _Follow] = {}
        for w, idx in self.starts.items():
            nexts = [self.rules[i].follow.get(w) for i in idx]
            if all(n is not None for n in nexts):
                allowed = frozenset([n for words in nexts if words is not None for n in words])
                self.follow[w] = (allowed - {_DIGIT}, _DIGIT in allowed)
        self.digit_rules = self.starts.get(_DIGIT, ())
        self.quarter_rules = self.starts.get(_QUARTER, ())
        self.every_rule = tuple(range(len(self.rules)))
        # run_rules by run, for the runs met so far
        self.known: dict[str, tuple[tuple[int, ...], _Follow | None]] = {}

    def run_rules(self, word: str) -> tuple[tuple[int, ...], _Follow | None]:
        """The rules that can start at a run of letters and digits (indices into :attr:`rules`), and what
        the next run must be for them to (:attr:`follow`, None: anything)."""
        first = word[0]
        if first.isdigit():
            return self.digit_rules, None
        if not word.isascii():
            return self.every_rule, None  # case folding beyond ASCII ("ſ" matches "s"): let every rule look
        low = word.lower()
        rules = self.starts.get(low, ())
        if first in "QH" and word[1:2] in ("1", "2", "3", "4"):
            return tuple(sorted({*rules, *self.quarter_rules})), None
        return rules, self.follow.get(low) if rules else None


_TABLE = _RuleTable(_RULES)
_RUN_RE = re.compile(r"[^\W_]+")


def _with_next(items: Iterable) -> Iterable[tuple]:
    """(item, the item after it or None) for each item."""
    it = iter(items)
    cur = next(it, None)
    while cur is not None:
        nxt = next(it, None)
        yield cur, nxt
        cur = nxt


def _rule_matches(text: str, table: _RuleTable = _TABLE) -> list[list[re.Match]]:
    """For each rule of ``table``, its matches in ``text``: what ``rule.pattern.finditer(text)`` gives."""
    at: list[list[int]] = [[] for _ in table.rules]
    known = table.known
    if len(known) > 100_000:
        known.clear()
    run_rules = table.run_rules
    for run, next_run in _with_next(_RUN_RE.finditer(text)):  # no list of every run: memory stays small
        word = run.group()
        found = known.get(word)
        if found is None:
            found = run_rules(word)
            if len(word) <= 32:  # words repeat; long runs (identifiers, junk) do not
                known[word] = found
        rules, follow = found
        if not rules:
            continue
        if follow is not None and next_run is not None:
            nxt = next_run.group()
            if not (nxt.lower() in follow[0] or (follow[1] and nxt[0].isdigit()) or not nxt.isascii()):
                continue  # "the town", "in Kyiv", "two soldiers": no rule can go on from here
        p = run.start()
        for i in rules:
            at[i].append(p)
    out: list[list[re.Match]] = []
    for rule, positions in zip(table.rules, at):
        matches: list[re.Match] = []
        match = rule.pattern.match
        free = 0  # finditer resumes after the previous match
        for p in positions:
            if p >= free:
                m = match(text, p)
                if m is not None:
                    matches.append(m)
                    free = max(m.end(), p + 1)
        out.append(matches)
    return out


# ---------------------------------------------------------------- modifiers


def _part_span(span: _Span, unit: str, which: str) -> _Span | None:
    s, e = span
    if unit == "month":
        last = e.day
        days = {"early": (1, 10), "mid": (11, 20), "late": (21, last), "h1": (1, 15), "h2": (16, last)}.get(which)
        return None if days is None else (s.replace(day=days[0]), s.replace(day=days[1]))
    if unit == "year":
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "h1": (1, 6), "h2": (7, 12),
                  "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12)}.get(which)
        return None if months is None else (_dt.date(s.year, months[0], 1), _month_bounds(s.year, months[1])[1])
    if unit == "week":
        offsets = {"early": (0, 2), "mid": (2, 4), "late": (4, 6)}.get(which)
        return None if offsets is None else (s + _D(days=offsets[0]), s + _D(days=offsets[1]))
    if unit == "season" and which in ("early", "mid", "late"):
        n = (e - s).days + 1
        k = ("early", "mid", "late").index(which)
        return s + _D(days=k * n // 3), s + _D(days=(k + 1) * n // 3 - 1)
    return None


def _part_precision(unit: str, which: str) -> str | None:
    if unit == "month":
        return "week" if which in ("early", "mid", "late") else "month" if which in ("h1", "h2") else None
    if unit == "year":
        return "year"
    if unit == "week":
        return "week" if which in ("early", "mid", "late") else None
    if unit == "season":
        return "year" if which in ("early", "mid", "late") else None
    return None


def _part_of(m: re.Match) -> str:
    if m["pos"]:
        return m["pos"].lower()
    if m["edge"]:
        return {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}[m["edge"].lower()]
    ordinal, frac = m["ord"].lower(), m["frac"].lower()
    if frac == "half":
        return {"first": "h1", "second": "h2", "last": "h2", "final": "h2"}.get(ordinal, "")
    return {"first": "q1", "second": "q2", "third": "q3", "fourth": "q4", "last": "q4", "final": "q4"}[ordinal]


def _apply_modifiers(c: _Cand, text: str, occupied: bytearray, pub: _dt.date | None) -> _Cand:
    """Widen ``c`` over "early", "the end of", "the first half of" and then "since" just before it."""
    m = _PART_RE.search(text, max(0, c.start - _MODIFIER_WINDOW), c.start)
    if m and occupied.find(1, m.start(), c.start) == -1:
        which = _part_of(m)
        precision = _part_precision(c.unit, which) if which else None
        span = c.span if c.span is None else _part_span(c.span, c.unit, which)
        if precision is not None and (c.span is None or span is not None):
            occupied[m.start() : c.start] = b"\x01" * (c.start - m.start())
            c = _Cand(m.start(), c.end, span, "window", precision, c.relative, c.status)
    m = _SINCE_RE.search(text, max(0, c.start - _MODIFIER_WINDOW), c.start)
    if m and occupied.find(1, m.start(), c.start) == -1 and c.status != "expected" and not c.needs_modifier:
        occupied[m.start() : c.start] = b"\x01" * (c.start - m.start())
        span = None if c.span is None or pub is None else (c.span[0], max(c.span[0], pub))
        c = _Cand(m.start(), c.end, span, "window", c.precision, True, "ongoing")
    return c


# ---------------------------------------------------------------- public API


def _coerce_published(published: object) -> _dt.date | None:
    if published is None:
        return None
    if isinstance(published, _dt.datetime):
        return published.date()
    if isinstance(published, _dt.date):
        return published
    if isinstance(published, str):
        return parse_published(published)
    raise InputError(f"published must be a date, a datetime, a string or None, got {published!r}")


_OVERNIGHT_REACH = 80  # characters between "overnight" and a stated day of the same sentence
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_OVERNIGHT_JOIN = re.compile(r"\s{0,3}(?:,\s{0,3})?(?:(?:on|of|into|to)\s{1,3}(?:the\s{1,3})?)?\Z", re.I)


def _without_bare_overnight(chosen: list[_Cand], text: str) -> list[_Cand]:
    """Drop "overnight" next to a day the text states ("overnight on 20 November", "on Tuesday
    overnight", or within the same sentence): the stated day dates the night, not the publication date."""
    drop = set()
    for i, c in enumerate(chosen):
        if c.unit != "day" or text[c.start : c.end].lower() != "overnight":
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(chosen) and chosen[j].unit == "day" and chosen[j].precision == "day":
                a, b = (chosen[j], c) if j < i else (c, chosen[j])
                gap = text[a.end : b.start]
                if _OVERNIGHT_JOIN.match(gap) or (len(gap) <= _OVERNIGHT_REACH and not _SENTENCE_END.search(gap)):
                    drop.add(i)  # "Overnight, drones struck Sumy on 20 November": the same sentence gives the day
    return [c for i, c in enumerate(chosen) if i not in drop] if drop else chosen


def find_dates(text: str, published: _dt.date | _dt.datetime | str | None = None) -> list[DateMention]:
    """Date expressions in ``text``, resolved against the publication date.

    Returns :class:`DateMention` s in text order, never overlapping; where
    expressions compete for the same words the longest wins.  ``published``
    may be a date, a datetime (its date is used) or a string that
    :func:`parse_published` reads.  Without it, expressions that depend on
    it come back with ``resolved=False`` and no dates; absolute dates with a
    year still resolve.

    >>> pub = _dt.date(2024, 11, 18)
    >>> [(m.text, str(m.date_start), str(m.date_end), m.status) for m in find_dates(
    ...     "Russia has massed 50,000 troops since March and may attack in the coming days, "
    ...     "officials said on Sunday.", pub)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('since March', '2024-03-01', '2024-11-18', 'ongoing'),
     ('in the coming days', '2024-11-19', '2024-11-25', 'expected'),
     ('Sunday', '2024-11-17', '2024-11-17', '')]
    >>> m = find_dates("Fighting began on 24 February 2022 and resumed yesterday.")
    >>> [(x.text, x.date_start, x.resolved) for x in m]
    [('24 February 2022', datetime.date(2022, 2, 24), True), ('yesterday', None, False)]
    """
    return _find_dates(text, published, _TABLE)


def _candidates(text: str, pub: _dt.date | None, table: _RuleTable) -> list[_Cand]:
    """Every rule's candidates in ``text``, overlapping."""
    cands: list[_Cand] = []
    for rule, matches in zip(table.rules, _rule_matches(text, table)):
        handler = rule.handler
        for m in matches:
            try:
                c = handler(m, text, pub)
            except (ValueError, OverflowError):
                continue  # not a real date (31 April), or outside the calendar's range
            if c is not None:
                cands.append(c)
    return cands


# characters that case-insensitive matching reads as ASCII letters ("ſ" as "s", the Kelvin sign as "k"):
# read as those letters, so that the words a rule matched are the words its tables know; one character for
# one, so offsets stay those of the text
_CASE_FOLDS = str.maketrans({"\u017f": "s", "\u212a": "k"})


def _find_dates(text: str, published: _dt.date | _dt.datetime | str | None, table: _RuleTable) -> list[DateMention]:
    """:func:`find_dates` with the rules of ``table``."""
    if not isinstance(text, str):
        raise InputError(f"find_dates needs the text as a str, got {type(text).__name__}")
    pub = _coerce_published(published)
    text = text.translate(_CASE_FOLDS)  # mentions quote the text with these letters folded
    cands = _candidates(text, pub, table)
    cands.sort(key=lambda c: (c.start - c.end, c.start))
    occupied = bytearray(len(text))
    chosen: list[_Cand] = []
    for c in cands:
        if occupied.find(1, c.start, c.end) == -1:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    chosen = _without_bare_overnight(chosen, text)
    out: list[DateMention] = []
    for c in chosen:
        try:
            modified = _apply_modifiers(c, text, occupied, pub)
        except (ValueError, OverflowError):
            modified = c
        if modified.needs_modifier:
            continue  # "the year" alone
        span = modified.span
        out.append(DateMention(
            start=modified.start,
            end=modified.end,
            text=text[modified.start : modified.end],
            date_start=span[0] if span else None,
            date_end=span[1] if span else None,
            precision=modified.precision,
            relative=modified.relative,
            resolved=span is not None,
            status=modified.status,
        ))
    return out


# Every branch starts at a word boundary, tested once before the branches; the "will" branch checks its
# lookbehinds only where "will" or "shall" follows (so most positions fail at the first test).
_EXPECTED_RE = re.compile(
    r"""
    \b(?:
      (?=will|shall)
      (?<!\bthe\s)(?<!\bpolitical\s)(?<!\bfree\s)(?<!\bgood\s)(?<!\bill\s)(?<!\bhis\s)(?<!\bher\s)
      (?<!\btheir\s)(?<!\bits\s)(?<!\bour\s)(?<!\bmy\s)(?<!\byour\s)
      (?:will|shall)\b(?!\s{1,3}(?:of|and|or|to|that|power)\b)
    | won['’]t\b
    | [^\W\d_]+['’]ll\b
    | (?:is|are|am|was|were|['’]s|['’]re)\s{1,3}(?:[^\W\d_]{1,20}ly\s{1,3})?
      (?:preparing|planning|poised|gearing\s{1,3}up|getting\s{1,3}ready|readying|scheduled|slated|due|expected
        |set\s{1,3}(?:to|for)|going\s{1,3}to|about\s{1,3}to|likely\s{1,3}to|to\s{1,3}be)\b
    | (?:plans?|planning|intends?|intending|aims?|aiming|threatens?|threatening|vows?|pledges?|promises?
        |prepares?|preparing|seeks?|hopes?)\s{1,3}to\b
    | (?:next|coming)\s{1,3}(?:week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday
        |spring|summer|autumn|winter)\b
    | tomorrow\b | later\s{1,3}(?:this|today|tonight)\b | upcoming\b | forthcoming\b | imminent\b
    )
    """,
    re.I | re.X,
)
_ONGOING_RE = re.compile(
    r"""
    \b(?:
      continu(?:e|es|ing)\b
    | ongoing\b | underway\b | under\s{1,3}way\b | persist(?:s|ing)?\b
    | still\s{1,3}(?:[^\W\d_]{1,20}\s{1,3})?(?![^\W\d_]*thing\b)[^\W\d_]{2,20}ing\b
    | (?:is|are|am|['’]s|['’]re)\s{1,3}(?:[^\W\d_]{1,20}ly\s{1,3}|still\s{1,3}|now\s{1,3}|already\s{1,3})?
      (?!(?:[^\W\d_]*thing|during|morning|evening|king|spring|string|ring|wing|ceiling)\b)[^\W\d_]{2,20}ing\b
    | (?:has|have)\s{1,3}been\s{1,3}[^\W\d_]{2,20}ing\b
    | (?:keeps?|kept)\s{1,3}[^\W\d_]{2,20}ing\b
    )
    """,
    re.I | re.X,
)


def clause_status(clause: str, dates: list[DateMention] | None = None) -> str:
    """"expected", "ongoing" or "happened", from the tense and cue words of a clause.

    Future and plans ("will", "is preparing", "plans to", "is expected to",
    "in the coming days", "next week") make it expected; continuing action
    ("continues", "are fighting", "ongoing", "still holding", "since March")
    ongoing; anything else happened.  Expected wins over ongoing.

    >>> clause_status("Russia is preparing an assault in the coming days")
    'expected'
    >>> clause_status("North Korean soldiers are fighting in Kursk")
    'ongoing'
    >>> clause_status("Drones hit Kyiv overnight")
    'happened'
    """
    if not isinstance(clause, str):
        raise InputError(f"clause_status needs a str, got {type(clause).__name__}")
    # ``dates``: the clause's date mentions when the caller already has them (saves a second search)
    statuses = {m.status for m in (find_dates(clause) if dates is None else dates)}
    if "expected" in statuses or _EXPECTED_RE.search(clause):
        return "expected"
    if "ongoing" in statuses or _ONGOING_RE.search(clause):
        return "ongoing"
    return "happened"


_MONTH_CI = _alt([*_MONTH_NAMES, *_MONTH_ABBR])
_WEEKDAY_CI = _alt([*_WEEKDAYS, *(w[:3] for w in _WEEKDAYS)])
_PUB_DMY = re.compile(
    rf"\s*(?:(?:{_WEEKDAY_CI}),?\s{{1,3}})?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s{{1,3}}of)?\s{{1,3}}"
    rf"(?P<m>{_MONTH_CI})\.?,?\s{{1,3}}(?P<y>\d{{4}})\s*",
    re.I,
)
_PUB_MDY = re.compile(
    rf"\s*(?:(?:{_WEEKDAY_CI}),?\s{{1,3}})?(?P<m>{_MONTH_CI})\.?\s{{1,3}}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"\s{{1,3}}(?P<y>\d{{4}})\s*",
    re.I,
)


def parse_published(value: str) -> _dt.date:
    """The publication date in ``value``.

    Reads ISO dates and datetimes ("2024-11-18", "2024-11-18T09:30:00Z",
    "2024-11-18T09:30:00+02:00": the calendar date as written, not shifted
    to UTC), "18 November 2024", "November 18, 2024" (abbreviated months and
    a leading weekday allowed) and RFC 2822 feed dates ("Mon, 18 Nov 2024
    09:30:00 +0000").  Anything else raises :class:`~geoevents.core.errors.InputError`
    (a ValueError) naming the value.

    >>> parse_published("2024-11-18T09:30:00+02:00")
    datetime.date(2024, 11, 18)
    >>> parse_published("November 18, 2024")
    datetime.date(2024, 11, 18)
    >>> parse_published("last Tuesday")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geoevents.core.errors.InputError: not a publication date: 'last Tuesday' (expected an ISO date or datetime ...)
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        s = value.strip().translate(_CASE_FOLDS)
        if len(s) <= 64:
            try:
                return _dt.datetime.fromisoformat(s.replace("z", "Z")).date()
            except ValueError:
                pass
            for rx in (_PUB_DMY, _PUB_MDY):
                m = rx.fullmatch(s)
                if m:
                    try:
                        return _dt.date(int(m["y"]), _month_of(m["m"]), int(m["d"]))
                    except ValueError:
                        break
            else:
                if any(c.isalpha() for c in s) and any(c.isdigit() for c in s):
                    try:
                        return email.utils.parsedate_to_datetime(s).date()
                    except (TypeError, ValueError, IndexError, OverflowError):
                        pass
    raise InputError(
        f"not a publication date: {value!r} (expected an ISO date or datetime such as 2024-11-18 or "
        "2024-11-18T09:30:00Z, '18 November 2024' or 'November 18, 2024')"
    )
