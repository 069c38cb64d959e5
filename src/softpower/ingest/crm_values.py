"""Turning CRM cell text into dates, money, numbers and keys, across locales.

Exports write the same value many ways: `2024-03-11`, `03/11/2024`,
`11.03.2024`, `2024-03-11 14:05:00`, an Excel serial number; `$1,234.50`,
`1.234,50 €`, `USD 1234`, `(1,200)`. Each parser tries the cheap common case
first (ISO dates, plain numbers), which keeps a million-row import fast, and
raises `ValueError` with a reason a user can act on when a value cannot be
read without guessing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's leap-year bug
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CODE = re.compile(r"^([A-Z]{3})\s*|\s*([A-Z]{3})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?:[ T](.*))?$")
_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009'"), None)  # thousands separators


def parse_date(value: object, date_format: str | None = None) -> date:
    """A calendar date from text, a workbook date, or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        return excel_serial(value).date()
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    return parse_datetime(text, date_format).date()


def parse_datetime(value: object, date_format: str | None = None) -> datetime:
    """A timezone-aware instant (UTC when the source gives no offset)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float):
        moment = excel_serial(value)
    else:
        moment = _datetime_from_text(str(value).strip(), date_format)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def excel_serial(serial: float) -> datetime:
    if not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
        raise ValueError(f"{serial!r} is not an Excel date serial")
    return EXCEL_EPOCH + timedelta(days=float(serial))


def _datetime_from_text(text: str, date_format: str | None) -> datetime:
    if not text:
        raise ValueError("empty date")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if date_format:
        for candidate in (text, text.split(" ")[0], text.split("T")[0]):
            try:
                return datetime.strptime(candidate, date_format)
            except ValueError:
                continue
    match = _NUMERIC_DATE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a date (expected e.g. 2024-03-11 or 11.03.2024)")
    first, separator, middle, last, clock = match.groups()
    if len(first) == 4:  # 2024/03/11
        year, month, day = int(first), int(middle), int(last)
    else:
        year = int(last) + (2000 if len(last) == 2 else 0)
        a, b = int(first), int(middle)
        if separator == "." or a > 12 >= b:  # 11.03.2024 is always day first
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        elif a == b:
            day = month = a
        else:
            raise ValueError(
                f"{text!r} is ambiguous (day/month or month/day?); "
                'declare date_format (e.g. "%m/%d/%Y") in the mapping'
            )
    try:
        moment = datetime(year, month, day)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a valid date ({error})") from error
    if clock:
        moment = datetime.combine(moment.date(), _time_of_day(clock, text))
    return moment


def _time_of_day(clock: str, text: str) -> time:
    clock = clock.strip().upper()
    for pattern in ("%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%H:%M:%S.%f"):
        try:
            return datetime.strptime(clock, pattern).time()
        except ValueError:
            continue
    raise ValueError(f"{text!r}: unreadable time of day")


def parse_money(value: object, decimal_comma: bool = False) -> tuple[Decimal, str | None]:
    """An amount and its currency code when the text names one.

    Accepts symbols and ISO codes before or after the number, spaces and
    apostrophes as thousands separators, `(1,200)` or a trailing minus for
    negatives. With both `,` and `.` present, the last one is the decimal
    mark; with one of them only, a group of exactly three digits after it is
    read as thousands unless `decimal_comma` says commas are decimal marks.
    """
    if value.__class__ is str:  # the common case first
        text = value.strip()  # type: ignore[attr-defined]
    elif isinstance(value, bool):
        raise ValueError(f"{value!r} is not an amount")
    elif isinstance(value, int | float):
        return Decimal(str(value)), None
    else:
        text = str(value).strip()
    if not (decimal_comma and "." in text):
        try:
            plain = Decimal(text)  # the common case: a plain number
        except InvalidOperation:
            pass
        else:
            if plain.is_finite():
                return plain, None
            raise ValueError(f"{text!r} is not an amount")
    original = text
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.endswith("-"):
        negative, text = True, text[:-1].strip()
    currency = None
    for symbol, code in sorted(CURRENCY_SYMBOLS.items(), key=lambda item: -len(item[0])):
        if symbol in text:
            currency, text = code, text.replace(symbol, "").strip()
            break
    match = _CODE.search(text)
    if match is not None:
        currency = match.group(1) or match.group(2)
        text = _CODE.sub("", text, count=1).strip()
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    text = text.translate(_SPACES)
    text = _normalise_separators(text, decimal_comma)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{original!r} is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"{original!r} is not an amount")
    return (-amount if negative else amount), currency


def _normalise_separators(text: str, decimal_comma: bool) -> str:
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas:
        tail = text.rsplit(",", 1)[1]
        grouped = commas > 1 or (len(tail) == 3 and not decimal_comma)
        decimal_mark = "" if grouped else ","
    elif dots:
        tail = text.rsplit(".", 1)[1]
        grouped = dots > 1 or (len(tail) == 3 and decimal_comma)
        decimal_mark = "" if grouped else "."
    else:
        return text
    for mark in {",", "."} - {decimal_mark}:
        text = text.replace(mark, "")
    return text.replace(decimal_mark, ".") if decimal_mark else text


def parse_integer(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    amount, _ = parse_money(text)
    if amount != amount.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number")
    return int(amount)


@lru_cache(maxsize=4096)  # a deals file names a few products a million times
def product_key(name: str) -> str:
    """The key that makes `GTXPro`, `GTX Pro` and `gtx-pro` one product: letters and digits, lower-cased."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text.lower() if ch.isalnum())


def name_key(name: str) -> str:
    """A stable id from a name, for sources that identify records by name only."""
    return " ".join(name.split())
