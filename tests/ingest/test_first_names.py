"""First names that may belong to one person, and names that only share a short form."""

import pytest

from softpower.ingest.identity import first_names_agree


@pytest.mark.parametrize(
    ("a", "b"),
    [("steve", "stephen"), ("bob", "robert"), ("bob", "bobby"), ("steven", "stephen")],
)
def test_nicknames_and_spellings_of_one_name_agree(a: str, b: str) -> None:
    assert first_names_agree(a, b) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [("stephanie", "stephen"), ("christopher", "christine"), ("alexander", "alexandra")],
)
def test_two_names_that_only_share_a_short_form_do_not(a: str, b: str) -> None:
    assert first_names_agree(a, b) is None
