"""Writing untrusted text into CSV without handing spreadsheets a formula.

Imported CRM cells are stored exactly as written, so a value such as
`=cmd|' /C calc'!A0` sits in the database as plain text and nothing in
softpower evaluates it. Spreadsheet programs, however, run a cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula when
a CSV is opened. Every CSV that softpower writes passes its text cells
through `safe_cell`, which prefixes such values with an apostrophe (the
convention spreadsheets read as "this is text").
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value`, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
