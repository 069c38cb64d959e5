"""Text that a spreadsheet would run as a formula is made inert on the way out."""

from __future__ import annotations

import pytest

from softpower.csv_safety import safe_cell


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formulas_are_prefixed(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Acme", "", 12, None, "a=b"])
def test_other_values_pass_through(value: object) -> None:
    assert safe_cell(value) == value
