"""Dates, money and product keys as CRM exports write them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from softpower.ingest.crm_values import parse_date, parse_datetime, parse_money, product_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,234.50", (Decimal("1234.50"), "USD")),
        ("1.234,50 €", (Decimal("1234.50"), "EUR")),
        ("USD 1234", (Decimal("1234"), "USD")),
        ("(1,200)", (Decimal("-1200"), None)),
        ("1 234,50", (Decimal("1234.50"), None)),
        ("EUR 1.234.567,89", (Decimal("1234567.89"), "EUR")),
        ("12-", (Decimal("-12"), None)),
        ("£1,000,000", (Decimal("1000000"), "GBP")),
        ("480000.00", (Decimal("480000.00"), None)),
    ],
)
def test_money_formats(text: str, expected: tuple[Decimal, str | None]) -> None:
    assert parse_money(text) == expected


def test_decimal_comma_is_declared_not_guessed() -> None:
    assert parse_money("1,234")[0] == Decimal("1234")
    assert parse_money("1,5", decimal_comma=True)[0] == Decimal("1.5")
    assert parse_money("1.234", decimal_comma=True)[0] == Decimal("1234")


@pytest.mark.parametrize("text", ["abc", "NaN", "1.2.3,4,5x", "Infinity"])
def test_not_money(text: str) -> None:
    with pytest.raises(ValueError):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-11", date(2024, 3, 11)),
        ("11.03.2024", date(2024, 3, 11)),
        ("13/03/2024", date(2024, 3, 13)),
        ("03/13/2024", date(2024, 3, 13)),
        ("2024/03/11", date(2024, 3, 11)),
        ("2024-03-11 14:05:00", date(2024, 3, 11)),
        (45362, date(2024, 3, 11)),  # an Excel serial from a workbook
    ],
)
def test_date_formats(text: object, expected: date) -> None:
    assert parse_date(text) == expected


def test_ambiguous_day_month_needs_a_declared_format() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("03/11/2024")
    assert parse_date("03/11/2024", "%m/%d/%Y") == date(2024, 3, 11)
    assert parse_date("03/11/2024", "%d/%m/%Y") == date(2024, 11, 3)


def test_datetimes_are_timezone_aware() -> None:
    assert parse_datetime("2024-03-11 14:05:00") == datetime(2024, 3, 11, 14, 5, tzinfo=UTC)
    offset = parse_datetime("2024-04-09T10:00:00-04:00")
    assert offset.astimezone(UTC) == datetime(2024, 4, 9, 14, 0, tzinfo=UTC)


def test_product_spellings_share_a_key() -> None:
    assert product_key("GTXPro") == product_key("GTX Pro") == product_key("gtx-pro") == "gtxpro"
