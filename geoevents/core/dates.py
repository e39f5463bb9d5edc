"""The one parser for dates given as values: ``--published``, JSONL and HTML dates, and event-table columns.

Dates written in an article's sentences ("on Monday", "last week") are read by
:mod:`geoevents.extract.dates`; a value that is a date on its own comes here.

Forms understood, with an optional time (and time zone, which is ignored):

- ISO: ``2024-11-18``, ``2024-11-18T09:30:00+02:00``, ``2024/11/18``;
- months in words: ``18 November 2024``, ``18th Nov. 2024``, ``November 18, 2024``,
  RFC 2822 ``Mon, 18 Nov 2024 09:30:00 +0000``, ``18-Nov-2024``;
- numbers: ``18/11/2024``, ``11/18/2024 09:30``, ``18.11.2024``: day-first or month-first
  only as :class:`DateSettings` ``order`` says, since ``05/03/2024`` reads both ways;
- Excel serial day numbers (``45614``) only in a table column, or with ``order="excel"``.

>>> parse_date("Mon, 18 Nov 2024 09:30:00 +0000"), parse_date("18th November 2024")
(datetime.date(2024, 11, 18), datetime.date(2024, 11, 18))
>>> parse_date("05/03/2024", settings=DateSettings(order="dmy"))
datetime.date(2024, 3, 5)

A table column is read as a whole: :func:`infer_column` decides day-first or
month-first from every value in it, since one day over 12 settles it.

>>> reading = infer_column(["05/03/2024 00:00", "14/08/2020 00:00:00", ""])
>>> reading.order, reading.parse("05/03/2024 00:00")
('dmy', datetime.date(2024, 3, 5))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import InputError

__all__ = ["DateSettings", "ColumnReading", "ORDERS", "parse_date", "infer_column", "check_date_format"]

#: Readings of numeric dates: day-first, month-first, year-first; ``excel``: serial day numbers.
ORDERS = ("dmy", "mdy", "ymd", "excel")

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:[T\s,]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?)?"
_ZONE = r"(?:\s*(?:Z|UTC|GMT|[A-Z]{3,4}|[+-]\d{2}:?\d{2}))?"
_ISO_RE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})" + _TIME + _ZONE, re.ASCII)
_NUMERIC_RE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})" + _TIME, re.ASCII)
_DMY_RE = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})" + _TIME + _ZONE,
                     re.ASCII | re.IGNORECASE)
_MDY_RE = re.compile(_WEEKDAY + r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + _ZONE,
                     re.ASCII | re.IGNORECASE)
_SERIAL_RE = re.compile(r"(\d{5})(?:\.\d+)?", re.ASCII)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, counting its phantom 29 February 1900
_SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 .. 2119-01-10: a five-digit number in here is a day, not a year


@dataclass(frozen=True, slots=True)
class DateSettings:
    """How to read a date value.

    ``order``: how to read numeric dates like ``05/03/2024``: ``"dmy"`` (day-first), ``"mdy"``
    (month-first), ``"ymd"``, ``"excel"`` (serial day numbers), or None to refuse them as ambiguous.
    ``fmt``: a :func:`~datetime.datetime.strptime` pattern that every value must follow instead.
    """

    order: str | None = None
    fmt: str | None = None

    def __post_init__(self) -> None:
        if self.order is not None and self.order not in ORDERS:
            raise InputError(f"date order {self.order!r}: expected one of {', '.join(ORDERS)}")


def check_date_format(value: str) -> DateSettings:
    """Settings from a ``--date-format`` value: an order (dmy, mdy, ymd, excel) or a strptime pattern.

    >>> check_date_format("mdy").order, check_date_format("%d/%m/%Y %H:%M").fmt
    ('mdy', '%d/%m/%Y %H:%M')
    """
    text = value.strip()
    if text.lower() in ORDERS:
        return DateSettings(order=text.lower())
    if "%" in text:
        try:
            dt.datetime(2024, 11, 18, 9, 30).strftime(text)
        except ValueError as exc:
            raise InputError(f"--date-format {value!r}: not a strftime pattern ({exc})") from None
        return DateSettings(fmt=text)
    raise InputError(f"--date-format {value!r}: expected dmy, mdy, ymd, excel or a pattern such as %d/%m/%Y")


def _year(text: str) -> int:
    year = int(text)
    return year if len(text) == 4 else (2000 + year if year < 70 else 1900 + year)


def _numeric(a: int, b: int, year: int, order: str) -> dt.date:
    return dt.date(year, b, a) if order == "dmy" else dt.date(year, a, b)


def _parse(text: str, order: str | None) -> dt.date | None:
    """The date of ``text`` (stripped), None when no form matches; ValueError for an impossible date."""
    if m := _ISO_RE.fullmatch(text):
        return dt.date(int(m[1]), int(m[3]), int(m[4]))
    if m := _NUMERIC_RE.fullmatch(text):
        return _numeric(int(m[1]), int(m[3]), int(m[4]), order) if order in ("dmy", "mdy") else None
    if m := _DMY_RE.fullmatch(text):
        month = _MONTHS.get(m[2].lower())
        if month:
            return dt.date(_year(m[3]), month, int(m[1]))
        return None
    if m := _MDY_RE.fullmatch(text):
        month = _MONTHS.get(m[1].lower())
        if month:
            return dt.date(int(m[3]), month, int(m[2]))
        return None
    if order == "excel" and (m := _SERIAL_RE.fullmatch(text)):
        return _EXCEL_EPOCH + dt.timedelta(days=int(m[1]))
    return None


def parse_date(value: str | dt.date, *, label: str = "date", settings: DateSettings | None = None) -> dt.date:
    """A date value -> date; an :class:`InputError` naming ``label`` for anything else.

    >>> parse_date("2024-11-18T09:30:00+02:00"), parse_date("November 18, 2024")
    (datetime.date(2024, 11, 18), datetime.date(2024, 11, 18))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    settings = settings or _DEFAULT
    try:
        if settings.fmt:
            return dt.datetime.strptime(text, settings.fmt).date()
        found = _parse(text, settings.order)
    except (ValueError, OverflowError):
        found = None
    if found is not None:
        return found
    hint = " (day-first or month-first? give the order)" if _NUMERIC_RE.fullmatch(text) else ""
    expected = settings.fmt or "e.g. 2024-11-18 or 18 November 2024"
    raise InputError(f"{label} {str(value)!r} is not a date (expected {expected}){hint}")


_DEFAULT = DateSettings()


# ----------------------------------------------------------------------------- table columns

@dataclass(frozen=True, slots=True)
class ColumnReading:
    """How one table column's dates are read: ``order`` (None when no value needed one) and why.

    ``settled``: whether the values (or ``--date-format``) decided it, rather than a convention.
    """

    order: str | None
    reason: str
    parse: Callable[[str], dt.date | None]  # a cell -> its date (None for an empty cell); ValueError if not a date
    settled: bool = True


def _column_parser(settings: DateSettings) -> Callable[[str], dt.date | None]:
    def parse(value: str) -> dt.date | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            return parse_date(text, settings=settings)
        except InputError:
            raise ValueError(f"date {value!r} is not understood") from None
    return parse


def infer_column(values: Iterable[str], *, forced: DateSettings | None = None,
                 convention: tuple[str, str] | None = None) -> ColumnReading:
    """Decide how to read a column of dates from all its (distinct) values.

    Any numeric value with a first number over 12 makes the column day-first, a second number over 12
    month-first; both at once is an :class:`InputError`.  A column whose numeric values read both ways
    takes ``convention`` (``(order, why)``, e.g. ``("dmy", "the ACLED convention")``) or, without one,
    is an :class:`InputError` asking for ``--date-format``.  Five-digit numbers are Excel serial days.
    ``forced`` (from ``--date-format``) skips the inference.

    >>> infer_column(["8/14/2020", "1/2/2020"]).order
    'mdy'
    >>> infer_column(["44057"]).parse("44057")
    datetime.date(2020, 8, 14)
    """
    if forced is not None:
        return ColumnReading(forced.order, f"as --date-format {forced.fmt or forced.order} says",
                             _column_parser(forced))
    settled = True
    day_first = month_first = serial = None
    numeric = dotted = 0
    for value in values:
        text = str(value).strip() if value is not None else ""
        if (m := _NUMERIC_RE.fullmatch(text)) is not None:
            numeric += 1
            dotted += m[2] == "."
            if int(m[1]) > 12 and day_first is None:
                day_first = text
            if int(m[3]) > 12 and month_first is None:
                month_first = text
        elif serial is None and (m := _SERIAL_RE.fullmatch(text)) and _SERIAL_RANGE[0] <= int(m[1]) <= _SERIAL_RANGE[1]:
            serial = text
    if day_first and month_first:
        raise InputError(f"dates {day_first!r} and {month_first!r} are day-first and month-first in one column "
                         "(give --date-format)")
    if day_first or month_first:
        order = "dmy" if day_first else "mdy"
        reason = f"{'day' if day_first else 'month'}-first, as {day_first or month_first!r} shows"
    elif numeric and dotted == numeric:
        order, reason = "dmy", "day-first, as dd.mm.yyyy dates are written"
    elif numeric and convention:
        settled = False
        order, reason = convention[0], f"{'day' if convention[0] == 'dmy' else 'month'}-first, {convention[1]} " \
                                       "(every day is 12 or less; --date-format can say otherwise)"
    elif numeric:
        raise InputError("numeric dates read both day-first and month-first (every day is 12 or less): "
                         "give --date-format dmy or mdy")
    elif serial:
        order, reason = "excel", f"Excel serial day numbers, as {serial!r} shows"
    else:
        order, reason = None, "ISO or months in words"
    if serial and order != "excel":
        order_parse = _column_parser(DateSettings(order=order))
        serial_parse = _column_parser(DateSettings(order="excel"))

        def mixed(value: str) -> dt.date | None:  # a spreadsheet may leave some cells as serial numbers
            return serial_parse(value) if _SERIAL_RE.fullmatch(str(value).strip()) else order_parse(value)
        return ColumnReading(order, reason + "; Excel serial days too", mixed, settled)
    return ColumnReading(order, reason, _column_parser(DateSettings(order=order)), settled)
