"""Turning the people an import mentions into stored person ids, once per batch.

A calendar series repeats the same attendees hundreds of times and a
transcript the same speakers; asking the store once per mention would make
imports crawl. This wraps `store.people` with a per-batch memory.
"""

from __future__ import annotations

from sqlalchemy import Connection

from softpower.store.people import (
    Affiliation,
    normalise_name,
    person_for_address,
    person_for_name,
)


class PersonLookup:
    """Person ids for addresses and names within one connection (one import batch)."""

    def __init__(self, connection: Connection, affiliation: Affiliation, source: str) -> None:
        self._connection = connection
        self._affiliation = affiliation
        self._source = source
        self._by_address: dict[str, str] = {}
        self._by_name: dict[tuple[str, str | None], str] = {}

    def by_address(self, address: str, display_name: str | None) -> str:
        key = address.strip().lower()
        if key not in self._by_address:
            self._by_address[key] = person_for_address(
                self._connection, key, display_name, self._affiliation, self._source
            )
        return self._by_address[key]

    def by_name(self, name: str, account_id: str | None = None) -> str | None:
        """None when nothing of the name is left once normalised (e.g. only punctuation)."""
        key = (name.strip().casefold(), account_id)
        if key not in self._by_name:
            if not normalise_name(name):
                return None
            self._by_name[key] = person_for_name(self._connection, name, self._source, account_id)
        return self._by_name[key]
