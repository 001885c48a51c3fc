"""Crawler text whose table cells ran together: `规章000行政规范性文件1528310…`, with no separator.

A crawler that saves a page's text without putting anything between table cells leaves each
row as its label followed directly by its values' digits, a blank cell leaving nothing. Such
a row is handed to the mapper as `Row([label, digits], blanks_known=False, glued=True)`: the
digit run is kept whole ("1528310", "12-315", "4453.4018万元"), since only the template's sums
can tell where one cell ends and the next begins (see `ingest.tables.placement`).

Told by the text's own shape: a line holding several of the tables' row labels, each followed
directly by a number that no unit word follows.
"""
import re
from collections.abc import Iterable

from ingest.document import clean
from ingest.numbers import fold_width
from ingest.schema import T2_ROWS, T3_ROWS
from ingest.tables.mapping import Row

# After these, digits are part of the text, not a cell: 2024年, 第二十条第(1)项, 保留4位小数, 15件, 12起.
_TEXT_AFTER = frozenset("位条项款号年月日时个件次人家名份起宗批例笔张场期篇户%")
_TEXT_BEFORE = frozenset("第(（")
# A run of cells: digits, a decimal point, a minus sign (本年增/减), a thousands comma (4,453.40), a
# money unit at its end (4453.4018万元): kept whole; only the sums can tell where its cells part.
_RUN = re.compile(r"[-−]?\d+(?:[.\-−]\d+|,\d{3})*(?:万元|亿元|万|元)?")
# A list number opening the next label (`…00000006.属于四类过程性信息`): one digit, as the
# template's numbered rows run 1–8, then its mark and the label's first character.
_LIST_NUMBER = re.compile(r"[.、]\s*[\u4e00-\u9fff]")
# Labels shorter than this (其他, 总计) occur in any text; longer ones identify a table row.
MIN_LABEL_CHARS = 4
_LABELS = sorted({label for _, labels, _ in T2_ROWS["2019"] + T2_ROWS["2021"] for label in labels}
                 | {labels[-1] for _, labels in T3_ROWS if len(labels[-1]) >= MIN_LABEL_CHARS}, key=len, reverse=True)
# A row label, its digits directly after it, then what follows a glued row: the next label (a
# Chinese character that is no unit word, an opening bracket), a space or the line's end.
_LABEL_THEN_DIGITS = re.compile("(" + "|".join(map(re.escape, _LABELS)) + r")[-−]?\d+(?:[.\-−]\d+)*(?![\d.])"
                                r"(?=[\u4e00-\u9fff(（“]|\s|$)(.?)")
# Distinct row labels, each directly followed by its digits, that make the text glued: a narrative
# sentence may name a few, but with a unit word or punctuation after each number (予以公开15件，).
MIN_GLUED_LABELS = 3
# A line with at least this many pipes is a table row written with pipes (`| a | b |`, a crawler's
# `行政许可 | 0 | |`), whose cells are apart: never glued.
MIN_PIPES = 3


def is_glued(lines: Iterable[str]) -> bool:
    """Whether the text runs table cells together: its lines without tabs or pipes hold at least
    MIN_GLUED_LABELS row labels each directly followed by a number and then the next label, a
    space or the line's end (a crawler may keep a line break between rows)."""
    labels = set()
    for line in lines:
        if "\t" in line or line.count("|") >= MIN_PIPES:
            continue
        labels |= {m.group(1) for m in _LABEL_THEN_DIGITS.finditer(fold_width(line)) if m.group(2) not in _TEXT_AFTER}
    return len(labels) >= MIN_GLUED_LABELS


def glued_rows(lines: Iterable[str]) -> list[Row]:
    """The rows of one table region of glued text: each label with the digit run after it. Label
    text that no digits follow is cut where a row number opens the next label, each piece a row
    of its own: a header, a parent row (（三）不予公开), or a row whose cells are all blank."""
    rows = []
    for line in lines:
        text = fold_width(clean(line))
        start = 0
        for m in _RUN.finditer(text):
            if _part_of_text(text, m):
                continue
            run, end = m.group(), m.end()
            if _LIST_NUMBER.match(text, end) and run[-1].isdigit():
                run, end = run[:-1], end - 1
                if not any(ch.isdigit() for ch in run):
                    rows += _label_rows(text[start:end])
                    start = end
                    continue
            *before, label = _label_rows(text[start:m.start()]) or [Row([""])]
            rows += before + [Row([label.cells[0], run], blanks_known=False, glued=True)]
            start = end
        rows += _label_rows(text[start:])
    return rows


# Where a row's label begins inside label text: （一） or 一、 (not 第（一）项, not 第一、), so a row
# printed with every cell blank stands apart from the next one.
_ROW_NUMBER = re.compile(r"(?<![第\d])(?:\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、)")


def _label_rows(text):
    """Label text → a label-only Row per piece between row numbers."""
    cuts = [0] + [m.start() for m in _ROW_NUMBER.finditer(text) if m.start()] + [len(text)]
    pieces = [text[a:b].strip() for a, b in zip(cuts, cuts[1:])]
    return [Row([piece], blanks_known=False, glued=True) for piece in pieces if piece]


def _part_of_text(text, m):
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    return before in _TEXT_BEFORE or after in _TEXT_AFTER
