"""write_pdf: a born-digital report as fpdf2 draws it, with tables ruled, rules-only-across,
or borderless, 表三 over two pages, page numbers in the footer, paragraphs with first-line indent."""
import random
from datetime import UTC, datetime

from fpdf import FPDF

from .pdf_grid import draw_grid, wrap_cell
from .pdf_tables import t2_grid, t3_grid, t4_grid
from .tables import Style
from .narrative import closing_paragraphs
from .text import heading_text, paragraphs, title_lines

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PDF_LAYOUTS = ("ruled", "hrules", "borderless", "clipped")
PT = 0.3528  # mm per point
# The PDF's stated creation time: fixed, so a document's bytes follow from its record and seed
# alone and the bundled samples regenerate byte-identical (fpdf2 would write the clock's time).
CREATED = datetime(2000, 1, 1, tzinfo=UTC)


class PdfDoc:
    """Pages with a cursor: footer page numbers and an optional running header on each page."""

    def __init__(self, record, rng):
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_creation_date(CREATED)
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("wqy", fname=FONT)
        self.x0, self.width, self.top, self.bottom = 25.0, 160.0, 25.0, 270.0
        self.number = rng.choice(["- {n} -", "- {n} -", "— {n} —", "{n}"])
        self.sides = rng.choice(["centre", "centre", "alternate"])
        self.running = rng.choice([None, None, record["title"], "政府信息公开工作年度报告"])
        self.page = 0
        self.new_page()

    def new_page(self):
        pdf = self.pdf
        pdf.add_page()
        self.page += 1
        pdf.set_font("wqy", size=9)
        text = self.number.format(n=self.page)
        w = pdf.get_string_width(text)
        x = (210 - w) / 2 if self.sides == "centre" else (185 - w if self.page % 2 else 25)
        pdf.text(x, 284, text)
        if self.running and self.page > 1:
            pdf.text((210 - pdf.get_string_width(self.running)) / 2, 15, self.running)
        self.y = self.top

    def line(self, text, size, align="L", indent=0.0):
        self.pdf.set_font("wqy", size=size)
        h = size * PT * 1.6
        if self.y + h > self.bottom:
            self.new_page()
        w = self.pdf.get_string_width(text)
        x = {"C": self.x0 + (self.width - w) / 2, "R": self.x0 + self.width - w - indent}.get(align, self.x0 + indent)
        self.pdf.text(x, self.y + size * PT, text)
        self.y += h

    def paragraph(self, text, size):
        """First line indented two characters; a page may end inside a sentence."""
        self.pdf.set_font("wqy", size=size)
        indent = 2 * size * PT
        first = wrap_cell(self.pdf, text, self.width - indent)[0]
        self.line(first, size, indent=indent)
        for line in wrap_cell(self.pdf, text[len(first):], self.width) if text[len(first):] else []:
            self.line(line, size)


def write_pdf(record, layout, rng=None, signed_overleaf=False):
    """The report as PDF bytes; `record` stays the expected output of a perfect reader.

    `signed_overleaf`: the title's first line is the org alone, and the org signs the report
    (above the date) at the top of a last page of its own, at the height of that first line."""
    rng = rng or random.Random()
    doc = PdfDoc(record, rng)
    style = Style.draw(record, rng)
    body = rng.choice([11, 12, 12, 13])
    lines = title_lines(record, rng)
    if signed_overleaf:
        lines = [record["org"], record["title"][len(record["org"]):]]
    for line in lines:
        doc.line(line, rng.choice([16, 18]), align="C")
    doc.y += 4
    for p in paragraphs(record["sections"]["preamble"]):
        doc.paragraph(p, body)
    rules = "ruled" if layout == "clipped" else layout
    texts = {0: "overview", 4: "problems", 5: "other"}
    for index in range(6):
        doc.line(heading_text(index, rng), body + 1, indent=rng.choice([0, 2 * body * PT]))
        if index in texts:
            closing = closing_paragraphs(record) if index == 5 and not signed_overleaf else []
            for p in paragraphs(record["sections"][texts[index]]) + closing:
                doc.paragraph(p, body)
            continue
        doc.pdf.set_font("wqy", size=rng.choice([9, 10]))
        if index == 1:
            cells, widths, head = t2_grid(record, style, doc.width)
        elif index == 2:
            items = rng.uniform(20, 26) if layout == "clipped" else rng.uniform(24, 44)
            label_widths = (rng.uniform(8, 12), rng.uniform(18, 26), items)
            clip = set(rng.sample(range(4, 20), 2)) if layout == "clipped" else ()
            cells, widths, head = t3_grid(record, style, doc.width, label_widths, clip)
        else:
            cells, widths, head = t4_grid(record, doc.width)
        draw_grid(doc, cells, widths, rules, head, repeat_head=rng.random() < 0.5)
    if signed_overleaf:
        doc.new_page()
        doc.line(record["org"], body + 2, align="R", indent=10)
        for line in closing_paragraphs(record):  # the record's date, under the signature
            doc.line(line, body, align="R", indent=10)
    return bytes(doc.pdf.output())
