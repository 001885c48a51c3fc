"""write_text: a record as the text file some extraction tool would have left behind.

The document is assembled here, the same for every layout (title, preamble, six headings,
three tables, narrative); each layout module says how a title, a heading, a paragraph and a
table look in its kind of file (each hook returns a list of blocks, a block a list of lines),
and `finish` turns the blocks into lines (adding page furniture where a layout has it).
"""
import random

from . import text_cells, text_markdown, text_pdfdump, text_spaces, text_tsv
from .narrative import closing_paragraphs
from .tables import Style, t2_rows, t3_rows, t4_rows

LAYOUTS = {"tsv": text_tsv, "cells": text_cells, "pdfdump": text_pdfdump, "spaces": text_spaces,
           "markdown": text_markdown}
TEXT_LAYOUTS = tuple(LAYOUTS)  # the layout names, in the order a run draws from
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16")
NUMERALS = "一二三四五六"
HEADINGS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]


def heading_text(index, rng):
    """`一、总体情况`, now and then without its number (tables' headings keep theirs)."""
    if index in (0, 4, 5) and rng.random() < 0.12:
        return HEADINGS[index]
    return f"{NUMERALS[index]}{rng.choice(['、', '、', '、 '])}{HEADINGS[index]}"


def title_lines(record, rng):
    """The title on one line, or the org on line 1 and `2020 年度…` on line 2."""
    title, org = record["title"], record["org"]
    if rng.random() < 0.35 and title.startswith(org):
        rest = title[len(org):]
        year = str(record["year"])
        return [org, rest.replace(year, rng.choice([year, f"{year} ", f" {year} "]), 1).strip()]
    return [title]


def paragraphs(text):
    return [p for p in text.split("\n") if p]


def compose(record, layout, rng):
    """Blocks of lines, in document order; a block is kept whole across a page break."""
    style = Style.draw(record, rng)
    sections = record["sections"]
    blocks = layout.title(title_lines(record, rng), rng)
    for p in paragraphs(sections["preamble"]):
        blocks += layout.paragraph(p, rng)
    tables = {1: t2_rows(record, style), 2: t3_rows(record, style), 3: t4_rows(record)}
    texts = {0: sections["overview"], 4: sections["problems"], 5: sections["other"]}
    for index in range(6):
        blocks += layout.heading(heading_text(index, rng), rng)
        if index in tables:
            blocks += layout.table(tables[index], rng)
        else:
            for p in paragraphs(texts[index]) + (closing_paragraphs(record) if index == 5 else []):
                blocks += layout.paragraph(p, rng)
    return layout.finish(blocks, record, rng)


def write_text(record, layout, encoding="utf-8", rng=None, newline=None):
    """The report as bytes; `record` stays the expected output of a perfect reader."""
    rng = rng or random.Random()
    lines = compose(record, LAYOUTS[layout], rng)
    newline = newline or rng.choice(["\n", "\n", "\r\n"])
    text = newline.join(lines) + newline
    return text.encode(encoding)
