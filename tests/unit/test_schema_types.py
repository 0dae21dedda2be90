"""Every column's type is checked by the schema: dates, years, numbers, enums and flags, each by file, row and column.

A value of the wrong kind that the validator let through used to fail later, in a figure
(``milestone_x('not-a-date')`` → ``ValueError``), which took the whole server down on a data reload
(issue 19). Each test breaks one cell of a shipped table and runs the validator on it alone.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.config import ROOT
from dashboard.data.load import validate_frame
from dashboard.data.schema import TABLES

SHIPPED = ROOT / "geodata"


def _problems(table: str, row: int, column: str, value: str) -> list[str]:
    """The validator's problems for the shipped table with one cell (0-based data row) set to ``value``."""
    spec = TABLES[table]
    df = pd.read_csv(SHIPPED / spec.file, dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    _, problems = validate_frame(df, spec, spec.file)
    return [str(p) for p in problems]


def test_the_shipped_tables_pass_the_validator():
    for key in ("trade", "indicators", "targets", "milestones", "facts", "factcheck"):
        spec = TABLES[key]
        df = pd.read_csv(SHIPPED / spec.file, dtype=str, keep_default_na=False)
        assert validate_frame(df, spec, spec.file)[1] == [], key


@pytest.mark.parametrize(("table", "column", "value"), [
    ("milestones", "date", "not-a-date"),
    ("milestones", "date", "2021-02-30"),  # no such day
    ("milestones", "date", "2021-13"),  # no such month
    ("milestones", "date", "12/05/2021"),  # not ISO
    ("targets", "date", "May 2012"),
    ("facts", "date", "2022-5-10"),
    ("trade", "source_date", "yesterday"),
    ("indicators", "source_date", "2019-10-31T00:00"),
    ("factcheck", "claimed_date", "1991-12-32"),
])
def test_a_malformed_date_is_named_by_file_row_and_column(table, column, value):
    file = TABLES[table].file
    assert _problems(table, 3, column, value) == [
        f"{file}, row 5, column '{column}': expected a date (YYYY, YYYY-MM or YYYY-MM-DD), found {value!r}"]


@pytest.mark.parametrize("value", ["1992", "1992-03", "1992-03-02"])
def test_dates_to_the_year_month_or_day_pass(value):
    assert _problems("facts", 0, "date", value) == []


def test_a_date_outside_the_plausible_years_is_rejected():
    assert _problems("milestones", 0, "date", "0202-05-01") == [
        "milestones.csv, row 2, column 'date': 202 is outside the plausible range 1850–2030"]


@pytest.mark.parametrize(("value", "message"), [
    ("19x0", "expected int, found '19x0'"),
    ("1990.5", "expected int, found '1990.5'"),
    ("2992", "2992 is outside the plausible range 1850–2030"),
])
def test_a_malformed_year_is_named(value, message):
    assert _problems("milestones", 0, "year", value) == [f"milestones.csv, row 2, column 'year': {message}"]


@pytest.mark.parametrize(("value", "message"), [
    ("12,5", "expected float, found '12,5'"),
    ("US$5 bn", "expected float, found 'US$5 bn'"),
    ("inf", "inf is outside the plausible range 0–1e+06"),
    ("-3", "-3 is outside the plausible range 0–1e+06"),
])
def test_a_malformed_number_is_named(value, message):
    assert _problems("trade", 0, "value_usd_m", value) == [f"trade_annual.csv, row 2, column 'value_usd_m': {message}"]


@pytest.mark.parametrize(("table", "column", "value"), [
    ("milestones", "kind", "party"),
    ("milestones", "date_precision", "week"),
    ("targets", "side", "nobody"),
    ("trade", "reporter", "Kazakhstan"),
    ("indicators", "unit", "barrels"),
])
def test_a_value_outside_its_list_is_named(table, column, value):
    problems = _problems(table, 0, column, value)
    assert len(problems) == 1 and problems[0].startswith(
        f"{TABLES[table].file}, row 2, column '{column}': {value!r} is not one of: "), problems


def test_a_malformed_flag_is_named():
    assert _problems("trade", 0, "primary", "maybe") == [
        "trade_annual.csv, row 2, column 'primary': expected bool, found 'maybe'"]
