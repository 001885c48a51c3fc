"""The first step of a report's path: one reader per format, bytes → lines and table rows → record.

`text` (with `glued_text` and `crawler_text` for a crawler's page text), `html` (with
`page_meta`), `docx` (with `doc_converter` for .doc and .rtf), `pdf/`; `blocks` is what the
HTML and Word readers share once they have paragraphs and table grids. Each hands its
sections and `tables.mapping.Row`s to `ingest.record.build_record`, which maps the rows with
`ingest.tables`.
"""
