"""Tests for :mod:`geoevents.core.dates`: the one parser of date values, and per-column inference for tables."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoevents.core.dates import DateSettings, check_date_format, infer_column, parse_date
from geoevents.core.errors import InputError

D = dt.date(2020, 8, 14)


@pytest.mark.parametrize("value", [
    "2020-08-14", "2020-08-14T00:00:00", "2020-08-14 00:00:00.000", "2020/08/14", "14 August 2020", "14th August 2020",
    "August 14, 2020", "Aug 14th, 2020", "Fri, 14 Aug 2020 09:30:00 +0000", "Friday, 14 August 2020", "14-Aug-2020",
])
def test_core_dates_unambiguous_forms(value):
    assert parse_date(value) == D


@pytest.mark.parametrize(("value", "order"), [
    ("14/08/2020", "dmy"), ("08/14/2020", "mdy"), ("14.08.2020", "dmy"), ("14/08/2020 00:00:00", "dmy"),
    ("8/14/2020 9:30", "mdy"), ("44057", "excel"),
])
def test_core_dates_numeric_forms_need_an_order(value, order):
    assert parse_date(value, settings=DateSettings(order=order)) == D
    with pytest.raises(InputError):
        parse_date(value)


def test_core_dates_strptime_pattern():
    assert parse_date("2020|14|08", settings=check_date_format("%Y|%d|%m")) == D
    with pytest.raises(InputError, match="--date-format"):
        check_date_format("sometimes")


@pytest.mark.parametrize(("values", "order", "settled"), [
    (["14/08/2020 00:00:00", "05/03/2014 00:00"], "dmy", True),
    (["08/14/2020", "3/5/2014"], "mdy", True),
    (["14.08.2020", "05.03.2014"], "dmy", True),
    (["14.08.2020 00:00", "05.03.2014"], "dmy", True),
    (["14.08.2020", "01.02.2020"], "dmy", True),  # dotted dates are day-first
    (["44057", "44058.5"], "excel", True),
    (["2020-08-14", "14 August 2020", "August 14, 2020", ""], None, True),
])
def test_core_dates_infer_column(values, order, settled):
    reading = infer_column(values)
    assert (reading.order, reading.settled) == (order, settled)
    assert reading.parse(values[0]) == D


def test_core_dates_ambiguous_column_takes_the_convention_or_asks():
    with pytest.raises(InputError, match="--date-format"):
        infer_column(["05/03/2014", "01/02/2014"])
    reading = infer_column(["05/03/2014", "01/02/2014"], convention=("dmy", "the ACLED convention"))
    assert reading.parse("05/03/2014") == dt.date(2014, 3, 5) and not reading.settled
    assert "ACLED" in reading.reason


def test_core_dates_both_orders_in_one_column_is_an_error():
    with pytest.raises(InputError, match="'14/08/2020'.*'08/14/2020'"):
        infer_column(["14/08/2020", "08/14/2020"])


def test_core_dates_bad_cell_is_a_value_error_naming_it():
    reading = infer_column(["14/08/2020", "sometime"])
    with pytest.raises(ValueError, match="sometime"):
        reading.parse("sometime")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_core_dates_never_raise_anything_but_input_error(text):
    try:
        parse_date(text, settings=DateSettings(order="dmy"))
    except InputError:
        pass


def test_core_dates_fast_on_long_junk():
    import time

    t = time.perf_counter()
    for junk in ("1" * 100_000, "Mon, " * 20_000, "14/" * 30_000, "August " * 15_000):
        with pytest.raises(InputError):
            parse_date(junk)
    assert time.perf_counter() - t < 2
