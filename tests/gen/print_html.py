"""A record as an HTML page made to be printed (Chromium's print-to-PDF lays it out, not us).

Page size, margins and the footer page number come from CSS `@page`; 表三 breaks over pages
where the browser's table layout puts the break, its header rows repeated only when they
are a `<thead>`.
"""
from html import escape

from .look import table_grids
from .narrative import closing_paragraphs
from .text import heading_text, paragraphs, title_lines

RULE = "0.75pt solid #000"
BORDERS = {"grid": f"td {{ border: {RULE}; }}",
           "hrules": f"td {{ border-top: {RULE}; border-bottom: {RULE}; }}",
           "none": ""}
SECTION_TEXT = {0: "overview", 4: "problems", 5: "other"}


def _css(look):
    number = " counter(page) ".join(f'"{part}"' for part in look.page_number.split("{n}"))
    return f"""
@page {{ size: A4; margin: {look.margin_mm}mm {look.margin_mm * 0.85:.1f}mm;
  @bottom-center {{ content: {number}; font-family: "{look.font}"; font-size: 9pt; }} }}
body {{ font-family: "{look.font}"; font-size: {look.body_pt}pt; line-height: 1.5; margin: 0; }}
h1 {{ text-align: center; font-size: {look.body_pt + 6}pt; font-weight: normal; margin: 0 0 1em; }}
p {{ text-indent: 2em; margin: 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; font-size: {look.table_pt}pt;
  line-height: {look.table_leading or 1.3}; margin: 0.5em 0; }}
td {{ vertical-align: middle; text-align: center; padding: 2pt 3pt; }}
td.l {{ text-align: left; }}
.v {{ writing-mode: vertical-rl; margin: auto; }}
{BORDERS[look.rules]}
"""


def _cell_html(cell, look):
    text = escape(cell.text)
    if cell.vertical and look.vertical == "css":
        return f'<div class="v">{text}</div>'
    if cell.vertical and look.vertical == "chars":
        return "<br>".join(escape(ch) for ch in cell.text)
    return text


def _table(cells, widths, head_rows, look):
    nrows = max(c.row + c.rows for c in cells)
    rows = [[] for _ in range(nrows)]
    for cell in sorted(cells, key=lambda c: (c.row, c.col)):
        spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rows), ("colspan", cell.cols)) if n > 1)
        klass = ' class="l"' if cell.align == "L" and not look.centre_labels else ""
        rows[cell.row].append(f"<td{spans}{klass}>{_cell_html(cell, look)}</td>")
    cols = "".join(f'<col style="width:{w:.2f}%">' for w in widths)
    trs = ["<tr>" + "".join(r) + "</tr>" for r in rows]
    head = head_rows if look.repeat_head else 0
    thead = f"<thead>{''.join(trs[:head])}</thead>" if head else ""
    return f"<table><colgroup>{cols}</colgroup>{thead}<tbody>{''.join(trs[head:])}</tbody></table>"


def record_html(record, look, rng):
    """The page as text; `record` stays the expected output of a perfect reader."""
    body = [f"<h1>{'<br>'.join(escape(line) for line in title_lines(record, rng))}</h1>"]
    body += [f"<p>{escape(p)}</p>" for p in paragraphs(record["sections"]["preamble"])]
    tables = iter(table_grids(record, look))
    for index in range(6):
        body.append(f'<p style="text-indent:{rng.choice([0, 2])}em">{escape(heading_text(index, rng))}</p>')
        if index in SECTION_TEXT:
            body += [f"<p>{escape(p)}</p>" for p in paragraphs(record["sections"][SECTION_TEXT[index]])
                     + (closing_paragraphs(record) if index == 5 else [])]
        else:
            body += [_table(*grid, look) for grid in next(tables)]
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(record["title"])}</title>'
            f"<style>{_css(look)}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
