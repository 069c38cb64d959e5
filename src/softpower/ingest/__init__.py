"""Reading sources into domain objects: one module per source format.

The contract every importer follows:

- it streams: a generator over records, never a whole corpus in memory;
- it does no database work: it yields domain objects, and a
  `RecordProblem` (file, line or offset, reason) for a record it cannot read,
  instead of raising or guessing;
- a file it cannot open at all raises `BadFile` naming the file and reason.

Writing, transactions, incremental skips and error policy live in
`softpower.services.imports`, so every source behaves the same way.
"""
