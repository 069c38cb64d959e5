"""Analysis engines: pure functions from domain objects to result objects."""
