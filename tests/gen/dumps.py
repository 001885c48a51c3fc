"""A second way to make text dumps: real engines print a report, real tools take its text back.

The text generators in tests/gen/text*.py were written by the people who wrote the reader;
here a page is printed to PDF by Chromium (or a .docx by LibreOffice), and the text is taken
back the way people do it: poppler's pdftotext in its three modes, PyMuPDF with and without
sorting, or the text of the HTML page itself (one text node a line, or a browser's
copy-paste with tab-separated cells).
"""
import os
import shutil
import subprocess
from pathlib import Path

from lxml import html as lxml_html

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]
PDF_DUMPS = ("pdftotext-layout", "pdftotext-raw", "pdftotext", "pymupdf", "pymupdf-sort")
HTML_DUMPS = ("html-lines", "html-tsv", "html-pipes")
INSTALL = {"chromium": "apt-get install chromium", "soffice": "apt-get install libreoffice-writer-nogui",
           "pdftotext": "apt-get install poppler-utils", "tesseract": "apt-get install tesseract-ocr tesseract-ocr-chi-sim",
           "ocrmypdf": "apt-get install ocrmypdf"}  # what brings each tool to a Debian machine
SOFFICE_START_S = 120  # LibreOffice's first start in a fresh profile, on a busy machine
SOFFICE_PER_FILE_S = 20  # one document converted, with room for a machine shared by many runs


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_tool(*names):
    """A sentence naming the first tool of `names` not installed and how to get it, or None."""
    found = {"chromium": chromium(), "soffice": soffice(), "pdftotext": shutil.which("pdftotext"),
             "tesseract": shutil.which("tesseract"), "ocrmypdf": shutil.which("ocrmypdf")}
    absent = [name for name in names if not found[name]]
    return f"{absent[0]} is not installed ({INSTALL[absent[0]]})" if absent else None


def print_html(page_path, pdf_path, profile):
    """Chromium prints the page (a file) to `pdf_path`, as a person's "Save as PDF" does."""
    subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
                    Path(page_path).resolve().as_uri()], check=True, capture_output=True, timeout=120)
    return Path(pdf_path).read_bytes()


DOCX_TARGETS = {"pdf": "pdf", "txt": "txt:Text (encoded):UTF8"}  # a Word file printed, or saved as text


def convert_docx(docx_paths, outdir, target="pdf"):
    """LibreOffice turns every .docx into a PDF (or, target "txt", the text Word's and LibreOffice's
    "save as text" write: one paragraph or table cell a line, an empty cell an empty line) in
    `outdir`, in one start-up."""
    outdir = Path(outdir)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{outdir.resolve()}/profile", "--headless", "--convert-to",
                    DOCX_TARGETS[target], "--outdir", str(outdir), *map(str, docx_paths)], check=True,
                   capture_output=True, timeout=SOFFICE_START_S + SOFFICE_PER_FILE_S * len(docx_paths))
    return [outdir / (Path(p).stem + "." + target) for p in docx_paths]


def pdf_dump(pdf_path, kind):
    """The text `kind` (one of PDF_DUMPS) takes out of the PDF, as bytes."""
    if kind.startswith("pdftotext"):
        mode = {"pdftotext-layout": ["-layout"], "pdftotext-raw": ["-raw"], "pdftotext": []}[kind]
        return subprocess.run(["pdftotext", *mode, str(pdf_path), "-"], check=True, capture_output=True,
                              env={**os.environ, "LANG": "C.UTF-8"}).stdout
    import pymupdf

    with pymupdf.open(str(pdf_path)) as doc:
        return "".join(page.get_text(sort=kind == "pymupdf-sort") for page in doc).encode("utf-8")


def html_dump(page, kind):
    """The text of an HTML page (bytes) as scrapers and copy-paste leave it, as UTF-8 bytes.

    html-lines: every text node on a line of its own, blank cells gone (BeautifulSoup's
    get_text("\\n", strip=True)). html-tsv: what a browser copies: a row's cells joined by
    tabs (blank cells kept as empty fields), other blocks one a line. html-pipes: as a crawler
    that flattens pages to text writes tables: every cell closed by ` |`, an empty one (or the
    columns a cell spans) by a bare `|`, no pipe at the start (`行政许可 | 0 | ||`).
    """
    root = lxml_html.fromstring(page)
    for junk in root.xpath("//script|//style|//head"):
        junk.drop_tree()
    if kind == "html-lines":
        return "\n".join(t.strip() for t in root.itertext() if t.strip()).encode("utf-8")
    lines = []
    for element in root.iter("p", "h1", "li", "tr"):
        if element.tag == "tr" and kind == "html-pipes":
            lines.append("".join(f" {_cell_text(td)} |" if _cell_text(td) else "|" for td in _spread(element)).strip())
        elif element.tag == "tr":
            lines.append("\t".join(_cell_text(td) for td in element.iter("td", "th")))
        elif not element.xpath("ancestor::tr"):
            lines.append(_cell_text(element))
    return "\n".join(lines).encode("utf-8")


def _spread(tr):
    """A row's cells, a cell spanning columns followed by as many empty ones."""
    for td in tr.iter("td", "th"):
        yield td
        for _ in range(int(td.get("colspan", 1)) - 1):
            yield lxml_html.Element("td")


def _cell_text(element):
    return " ".join(element.text_content().replace("\xa0", " ").split())
