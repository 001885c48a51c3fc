"""One entry point for every format: bytes of a report file → the canonical record."""
from pathlib import Path

from .errors import ReportError
from .limits import Limits, from_env
from .schema import Record

_HTML_MARKS = (b"<html", b"<!doctype html", b"<table")
PDF_MARK_BYTES = 1024  # %PDF- may follow bytes a server or mailer put before it; PDF readers look this far too
HTML_MARK_BYTES = 4096  # a page's first markup (<html, <!doctype, <table) stands within its first few KB


IMAGE_MARKS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF (both byte orders)


def sniff(data: bytes) -> str:
    """'pdf', 'image', 'doc', 'rtf', 'docx', 'html' or 'text' from the bytes themselves; the file name is only a
    hint people get wrong (crawlers save pages as .txt, .pdf or .doc; offices save RTF as .doc)."""
    head = data[:PDF_MARK_BYTES]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(IMAGE_MARKS):
        return "image"
    if data.startswith(b"\xD0\xCF\x11\xE0"):
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data:
        return "docx"
    if any(mark in _ascii_head(data).lower() for mark in _HTML_MARKS):
        return "html"
    return "text"


def _ascii_head(data):
    """The first 4 KB with markup comparable as bytes: a UTF-16 file (Word's "Unicode" web page) re-encoded."""
    head = data[:HTML_MARK_BYTES]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    return head


def extract_bytes(data: bytes, name: str = "<bytes>", limits: Limits | None = None) -> Record:
    """The record of a report held in memory; `name` is what error messages call it.

    `limits` (ingest.limits.Limits, default: the environment's) caps the bytes and pages read.
    """
    try:
        return _read(data, name, limits or from_env())
    except (ReportError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a reader bug must still name the file, never end a batch with a traceback
        raise ReportError(name, f"could not be read ({type(exc).__name__}: {exc})") from exc


def _read(data, name, limits):
    if not data:
        raise ReportError(name, "empty file")
    _check_size(len(data), limits.max_mb, name)
    kind = sniff(data)
    if kind in ("text", "html"):
        _check_size(len(data), limits.max_text_mb, name, f"{kind} ")
    if kind == "pdf":
        from ingest.read.pdf.reader import read_pdf
        return read_pdf(data, name, limits)
    if kind == "image":
        from ingest.read.ocr.reader import read_image
        return read_image(data, name, limits)
    if kind == "html":
        from ingest.read.html import read_html
        return read_html(data, name)
    if kind in ("doc", "rtf", "docx"):
        from ingest.read.doc_converter import doc_to_docx
        from ingest.read.docx import read_docx
        return read_docx(data if kind == "docx" else doc_to_docx(data, name, kind), name)
    if str(name).lower().endswith(".pdf"):
        raise ReportError(name, "named .pdf but is not a PDF (no %PDF- header)")
    from ingest.read.text import read_text
    return read_text(data, name)


def _check_size(size, max_mb, name, kind=""):
    """A file over the limit is refused before any parsing: a 50 MB text is not an annual report."""
    if size > max_mb * 2**20:
        raise ReportError(name, f"{kind}file is {size / 2**20:.1f} MB, over the {max_mb:g} MB limit for a report")


def extract_file(path: str | Path, limits: Limits | None = None) -> Record:
    """The record of the report at `path`; raises ReportError naming the file and the reason."""
    path, limits = Path(path), limits or from_env()
    try:
        if path.is_dir():
            raise ReportError(path, "is a folder, not a file")
        _check_size(path.stat().st_size, limits.max_mb, path)  # before reading it into memory
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(path, exc.strerror or str(exc)) from None
    return extract_bytes(data, str(path), limits)


def extract_or_reason(data, name, limits=None):
    """(record, None) or (None, why there is none): what a worker process sends back, for a batch to go on.

    `data` None reads the file at `name` (its size checked before it is read); else `name` only labels the bytes.
    """
    try:
        return (extract_file(name, limits) if data is None else extract_bytes(data, name, limits)), None
    except ReportError as exc:
        return None, exc.reason
