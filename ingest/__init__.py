"""Turn a report file into the canonical record of docs/record.md.

A report's bytes take this path, one folder or module a step:
`extract` (which format the bytes are) → `read/` (one reader per format: the report's lines
and its tables' rows) → `tables/` (rows onto the schema's keys, the sums that check them) →
`record` (the record every reader ends in, built by `record.build_record`). `document`, `dates` and `numbers` are what every
step reads text with; `schema` is the record's every key and label; `workers`, `limits` and
`cli` run the readers safely over many files.
"""
