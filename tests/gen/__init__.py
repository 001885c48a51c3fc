"""The test reports the suite makes itself, with their expected records. `python -m tests.generate`
(tests/generate.py) is the command line; these are its parts, in the order a report is made:

- What a report says: record.py (random_record: a full record, its checks from oracle.py),
  narrative.py and vocab.py (org, title, sections, the date line), pre2019.py (reports from
  before the national layouts), corpus.py (the small development corpus the web, CLI and
  security tests run on, and batches of reports for ingest runs).
- The consistency rules a second time: oracle.py, the expectation `ingest.checks` is held to.
- Tables as printed cells, shared by the writers: tables.py, money.py, wording.py, wrap.py.
- Writers, a record → a file's bytes: text.py and text_*.py (the text extraction tools leave),
  pdf.py with pdf_grid.py and pdf_tables.py (fpdf2), layout.py (the template's blocks) with
  html_page.py (a crawled web page) and docx_file.py (a python-docx Word file).
- PDFs typeset by engines we did not write: producers.py (Chromium, LibreOffice) with look.py,
  print_html.py and print_docx.py; dumps.py runs those engines and the tools that take a PDF's
  or a page's text back (pdftotext, PyMuPDF).
- Scans: scan.py renders pdf.py's reports to page images spoiled as paper is (skew, resolution,
  JPEG noise, a red seal, a photographed slant, faint print, handwritten corrections) and wraps
  them as image-only PDFs, TIFFs and long PNG/JPEG images.
- Gold files: gold.py writes a record's gold file and compares a reader's record with it
  (field_outcomes: each field exact, null or wrong, with or without a note).
- variants/: a second, independent maker of HTML and Word reports (sites, offices, converters).
  It lays out tables and pages with code of its own; from the above it takes only the records
  it prints (record.py), their closing date line (narrative.closing_paragraphs) and gold.py.
"""
