"""The parts of a report's text, whatever format it came in: title, headings, narrative sections.

Readers hand over the report's lines in reading order; this module finds the six headings
of the national template, the title with its org and year, and turns the narrative lines
between headings into section text: page furniture and markdown dropped, lines that a
dump broke inside a sentence joined again.
"""
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from .dates import date_line
from .numbers import fold_width
from .schema import HEADING_VARIANTS, HEADINGS

PARTS = ("head",) + tuple(part for part, _ in HEADINGS)
_NUMERAL = "一二三四五六七八九十"
_MARKDOWN = re.compile(r"\*\*|__|^#{1,6}\s*|^>\s?")


def clean(line: str) -> str:
    """A line as people read it: markdown markers and surrounding space (including 　) removed."""
    return _MARKDOWN.sub("", _MARKDOWN.sub("", line.strip()).strip()).strip()


def plain(line: str) -> str:
    """A line as parsing sees it: `clean` with full-width characters folded."""
    return fold_width(clean(line))


def _heading_pattern(variant):
    return re.compile(rf"^(?P<number>[{_NUMERAL}]{{1,2}}\s*[、.,，]\s*)?{variant}\s*(?:(?:[。.:：]\s*|(?=[（(]))(?P<rest>.*))?$")


_HEADING_PATTERNS = [(part, _heading_pattern(HEADING_VARIANTS[part])) for part, _ in HEADINGS]


# A heading, alone or with the line a dump wrapped it onto, is at most this long; a longer line
# that starts with a heading's words is a sentence about it.
HEADING_CHARS = 40


def heading_at(lines: Sequence[str], i: int) -> tuple[str, int, str] | None:
    """(part, number of lines it spans, text after it on its line) when a heading starts at line i.

    A heading may wrap onto a second line in a dump, and a numbered one may run on into
    its first sentence (`五、存在的主要问题及改进情况：一是…`), into a table's first cell in
    brackets, or, after a gap of spaces, into whatever a sorted dump set beside it. Sub-headings such as
    `（一）主动公开政府信息情况。` never match: only 一、-style numbers are allowed.
    """
    original = re.sub(r"^\d{1,3}\s{2,}(?=\S)", "", clean(lines[i]))  # a page number a sorted dump set before it
    folded = fold_width(original)
    kept = [j for j, ch in enumerate(folded) if not ch.isspace()]
    first = "".join(folded[j] for j in kept)
    if not first:
        return None
    gap = re.search(r"\S\s{2,}(?=\S)", folded)
    if gap:
        # A sorted dump sets the next cell or sentence beside a numbered heading, after a gap.
        head = re.sub(r"\s", "", folded[:gap.start() + 1])
        for part, pattern in _HEADING_PATTERNS:
            m = pattern.match(head)
            if m and m["number"] and not m["rest"]:
                return part, 1, original[gap.end():]
    candidates = [(first, 1)]
    if i + 1 < len(lines) and plain(lines[i + 1]) and len(first) <= HEADING_CHARS:
        candidates.append((first + plain(lines[i + 1]).replace(" ", ""), 2))
    for text, span in candidates:
        for part, pattern in _HEADING_PATTERNS:
            m = pattern.match(text)
            if m and len(text) <= HEADING_CHARS and not m["rest"]:
                return part, span, ""
            if m and m["number"] and span == 1:
                return part, span, original[kept[m.start("rest")]:] if m["rest"] else ""
    return None


def split_at_headings(lines: Iterable[str]) -> list[str]:
    """Lines with a numbered heading that a sorted dump set after other text and a gap of spaces
    (`政府集中采购  499  8272741200元  三、收到和处理…`) split in two before the heading."""
    out = []
    for line in lines:
        for gap in re.finditer(rf"(?<=\S)\s{{2,}}(?=[{_NUMERAL}]{{1,2}}\s*[、.,，])", fold_width(line)):
            if heading_at([line[gap.end():]], 0):
                out += [line[:gap.start()], line[gap.end():]]
                break
        else:
            out.append(line)
    return out


# A numbered heading run together with the text around it (a crawler's page text, the whole body
# one line): its number must not follow 第 or an opening bracket or another numeral (第一、二季度).
_RUN_ON_HEADING = re.compile(
    rf"(?<![第（(\[【{_NUMERAL}])[{_NUMERAL}]{{1,2}}\s*[、.,，]\s*(?:{'|'.join(f'(?:{v})' for v in HEADING_VARIANTS.values())})")


def split_run_on_headings(lines: Iterable[str]) -> list[str]:
    """Lines with a numbered heading of the template run together with what stands before or after it
    (`…编制。一、总体情况2024年，…`, `…41005五、存在的主要问题及改进情况…`) split so the heading
    stands on a line of its own. Which of them is a heading is still decided by `find_headings`,
    forward only: a 表三 row such as 四、结转下年度继续办理 matches no heading's wording here."""
    out = []
    for line in lines:
        folded, at = fold_width(line), 0
        for m in _RUN_ON_HEADING.finditer(folded):
            if not folded[:m.start()].strip() and heading_at([line[m.start():]], 0):
                continue  # a heading opening its line is heading_at's to read, with what runs on after it
            if line[at:m.start()].strip():
                out.append(line[at:m.start()])
            out.append(line[m.start():m.end()])
            at = m.end()
        rest = re.sub(r"^\s*[。.:：]", "", line[at:]) if at else line
        if rest.strip() or not at:
            out.append(rest)
    return out


def find_headings(lines: Sequence[str]) -> dict[str, tuple[int, int, str]]:
    """{part: (first line, line after the heading, text after it)} for the headings found, in template order.

    Headings are looked for forward only, so a table row such as 四、结转下年度继续办理 or a
    narrative sentence can never send the split backwards.
    """
    found = {}
    order = [part for part, _ in HEADINGS]
    i = 0
    while i < len(lines):
        hit = heading_at(lines, i)
        if hit and hit[0] not in found and all(order.index(p) < order.index(hit[0]) for p in found):
            found[hit[0]] = (i, i + hit[1], hit[2])
            i += hit[1]
            continue
        i += 1
    return found


def split_parts(lines: Sequence[str]) -> dict[str, list[str]]:
    """{part: lines}, parts in PARTS; a part whose heading is missing holds no lines."""
    found = find_headings(lines)
    bounds = sorted((start, body, rest, part) for part, (start, body, rest) in found.items())
    parts = {part: [] for part in PARTS}
    parts["head"] = lines[: bounds[0][0]] if bounds else list(lines)
    for n, (_, body, rest, part) in enumerate(bounds):
        end = bounds[n + 1][0] if n + 1 < len(bounds) else len(lines)
        parts[part] = ([rest] if rest else []) + lines[body:end]
    return parts


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九○", "001234567890")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九○]{4})\s*年")
TITLE_NOTE_CHARS = 12  # a bracketed note after a title's 报告 ((2021年度), （修订）), never a sentence
_TITLE_END = re.compile(rf"(报告|年报)\s*(?:[（(][^）)]{{0,{TITLE_NOTE_CHARS}}}[)）])?$")


def _arabic_year(text):
    return _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)


def split_head(lines: Sequence[str]) -> tuple[str, str, int | None, list[str]]:
    """(title, org, year, preamble lines) from the lines before 一、总体情况.

    The title is a line ending in 报告 together with the short line(s) before it that a
    layout split it from (`山市镇人民政府` / `2020 年度政府信息公开工作年度报告`, or `…年度报` /
    `告`): the last such title that names a body and a year and holds no sentence punctuation,
    since a saved web page puts its menu and links to other years' reports
    (`政府信息公开年报`, `2018年政府信息公开工作年度报告`) above it; otherwise the first.
    """
    texts = [plain(line) for line in lines]
    ends = [i for i in range(len(texts)) if _ends_title(texts, i) and "。" not in texts[i]]
    if not ends:
        return "", "", None, lines
    spans = [(_title_start(texts, end), end) for end in ends]
    whole = [(start, end) for start, end in spans if not _SENTENCE.search("".join(texts[start:end + 1]))
             and _has_org_and_year(texts[start:end + 1])]
    start, end = whole[-1] if whole else spans[0]
    title = "".join(clean(line) for line in lines[start:end + 1] if clean(line))
    title = re.sub(r"\s+", "", title) if re.search(r"[\u4e00-\u9fff]\s+\w|\w\s+[\u4e00-\u9fff]", title) else title
    org, year = org_and_year(title)
    return title, org, year, lines[end + 1:]


_SENTENCE = re.compile(r"[，。；：,;:>]")
TITLE_PIECE_CHARS = 30  # a line a layout split off a title's start (the org alone, 2020 年度) is this short
TITLE_WRAP_CHARS = 4  # the last characters a narrow page wraps off a title onto a line of their own (告, 报告)


def _title_start(texts, end):
    """The first line of a title ending at line `end`: short lines before it that a layout split it from."""
    start = end if _TITLE_END.search(texts[end]) else end - 1
    while start > 0 and len(texts[start - 1]) <= TITLE_PIECE_CHARS and texts[start - 1] and not _has_org_and_year(texts[start:end + 1]):
        start -= 1
    while start > 0 and not texts[start - 1] and start - 2 >= 0 and texts[start - 2] and len(texts[start - 2]) <= TITLE_PIECE_CHARS \
            and not _has_org_and_year(texts[start:end + 1]):
        start -= 2
    return start


def _ends_title(texts, i):
    """Whether line i ends the title: it ends in 报告, or it is the last few characters that a
    narrow page wrapped off the line before (`…工作年度报` / `告`)."""
    text = texts[i]
    if not _TITLE_END.search(text) and i and 0 < len(text) <= TITLE_WRAP_CHARS:
        text = texts[i - 1] + text
    return bool(_TITLE_END.search(text)) and "公开" in "".join(texts[max(0, i - 2):i]) + text


def year_in_text(text: str) -> int | None:
    """The first year a text names (`2020年`), for a title that names none."""
    m = _YEAR.search(_arabic_year(fold_width(text)))
    return int(m.group(1)) if m else None


SIGNING_LINES = 4  # the signing body stands among the report's last lines, beside its date
SIGNING_BODY_CHARS = 25  # a body's name (红椿镇人民政府) is this short; a longer line is a sentence
_ORG_SUFFIX = re.compile(r"(?:人民政府|政府|办公室|办公厅|委员会|局|厅|委|街道办事处|办事处|街道|镇|乡|中心|管委会)$")


def signature_org(lines: Iterable[str]) -> str:
    """The body that signs the report at its end (`红椿镇人民政府` above the date), or ""."""
    texts = [plain(line) for line in lines if plain(line)][-SIGNING_LINES:]
    for text in reversed(texts):
        if len(text) <= SIGNING_BODY_CHARS and _ORG_SUFFIX.search(text):
            return text
    return ""


def _has_org_and_year(texts):
    org, year = org_and_year("".join(texts))
    return bool(org) and year is not None


def org_and_year(title: str) -> tuple[str, int | None]:
    """The issuing body and the reporting year as the title writes them."""
    text = _arabic_year(fold_width(title).replace(" ", ""))
    m = _YEAR.search(text)
    if not m:
        return "", None
    org = text[: m.start()].strip()
    if not org:
        org = re.split(r"政府信息公开|政务公开|信息公开", text[m.end():].lstrip("度"))[0]
    return org.strip("《》“”\"' "), int(m.group(1))


# A report's date is among its last lines: after it at most its org, 附件 lines and, in a saved or
# converted web page, the site's share buttons, 上一篇/下一篇 and footer (five to seven lines).
SIGNATURE_LINES = 10
SIGNATURE_PREFIX = 25  # what may stand before the date on its line: a body's name (红椿镇人民政府), never a sentence


def signing_date(lines: list[str]) -> tuple[str | None, list[str]]:
    """(ISO date, lines without it) of the date a report signs itself with at its end
    (`2021年1月20日`, `二〇二一年一月二十日`, `红椿镇人民政府 2021-01-20`); (None, lines) when none.

    The date line is the signature's, not narrative: it leaves the lines (a body's name
    before it on the same line stays). A date a layout broke over two lines (`2021` / `年3月1日`)
    is read whole. A sentence ending in a date (`统计期限自2021年1月1日至2021年12月31日。`) is no signature.
    """
    repeated = repeated_lines(lines)
    tail = [i for i, line in enumerate(lines) if plain(line) and not is_furniture(line, repeated)][-SIGNATURE_LINES:]
    for pos in reversed(range(len(tail))):
        end = tail[pos]
        for start in [end] + tail[max(pos - 1, 0):pos]:  # the line alone, then with the line before it
            found = date_line("".join(clean(lines[i]) for i in sorted({start, end})))
            if found and (not found[1] or len(found[1]) <= SIGNATURE_PREFIX and _ORG_SUFFIX.search(found[1])):
                iso, before = found
                return iso, lines[:start] + ([before] if before else []) + lines[end + 1:]
    return None, lines


# Page furniture: page numbers in the forms reports print them.
_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3})$"
)
_PAGE_OF = re.compile(r"^(\d{1,3})/(\d{1,3})$")


def is_page_number(text: str) -> bool:
    """`- 3 -`, `第3页`, `第3页 共5页`, `3/5` (a page not past the count), or a bare number."""
    m = _PAGE_OF.match(text)
    return bool(_PAGE_NUMBER.match(text)) or bool(m) and 0 < int(m.group(1)) <= int(m.group(2))


_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")


# Lines between a bare page number and its page break (a form feed) in a dump that marks breaks:
# the break may come just before it (a header above) or a few lines after (a footer below it).
FEED_BEFORE = 2
FEED_AFTER = 3


def page_number_lines(lines: Sequence[str]) -> set[int]:
    """Indices of lines that are page numbers, to drop before tables are read.

    `- 3 -` and `第3页` always are. A bare number is one only when it stands alone beside a
    blank line, or first or last on its page (next to a form feed), and its neighbour page
    (n-1 or n+1) appears the same way elsewhere: a dump
    that prints a table's numbers one per line rarely leaves blank lines around them. Where
    the text marks its page breaks (pdftotext's form feeds), which a dump that does put blank
    lines between cells has, a bare number must also stand next to a break.
    """
    found, bare = set(), {}
    feeds = [i for i, line in enumerate(lines) if "\f" in line]
    for i, line in enumerate(lines):
        text = plain(line)
        if not text or line.startswith("\t"):
            continue
        m = _BARE_NUMBER.match(line)
        if m:
            # Alone between blank lines, or first or last on its page (pdftotext -raw sets no blank line there).
            alone = (i == 0 or not lines[i - 1].strip()) or (i + 1 == len(lines) or not lines[i + 1].strip()) \
                or "\f" in line or i + 1 < len(lines) and "\f" in lines[i + 1]
            if alone and (not feeds or any(-FEED_BEFORE <= f - i <= FEED_AFTER for f in feeds)):
                bare.setdefault(int(m.group(1)), []).append(i)
        elif is_page_number(text):
            found.add(i)
    for number, where in bare.items():
        if number - 1 in bare or number + 1 in bare:
            found.update(where)
    return found


def blank_page_numbers(line: str) -> str:
    """`line` with `- 3 -` or `第3页` that a sorted dump set beside other text, after a gap of
    spaces, replaced by spaces (so what stands beside it keeps its place)."""
    pieces = re.split(r"(\s{2,})", line)
    if len([p for p in pieces if p.strip()]) < 2:
        return line
    return "".join(" " * len(p) if p.strip() and _dashed_page_number(p) else p for p in pieces)


def _dashed_page_number(text):
    text = fold_width(text.strip())
    return is_page_number(text) and not text.isdigit()


def is_furniture(line: str, repeated: Collection[str] = frozenset()) -> bool:
    text = plain(line)
    return is_page_number(text) or text in repeated


FURNITURE_CHARS = 40  # a running header or footer is a short line (an org, a report's title, a page number)


def repeated_lines(lines: Iterable[str], min_count: int = 3) -> frozenset[str]:
    """Short lines that recur page after page: running headers and footers."""
    counts = Counter(plain(line) for line in lines)
    return frozenset(t for t, n in counts.items() if n >= min_count and 0 < len(t) <= FURNITURE_CHARS)


_END_OF_SENTENCE = tuple("。！？!?；;…")
_CLOSERS = "」』”\"）)"  # end a sentence only after its punctuation: 。” does, 《条例》） does not
_ENUMERATED = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d+[、.．)）](?!\d))")
_OPEN_PUNCT = tuple("，,、：:（(“《‘")
# The width the text wraps at: the width most lines reach (this share of them is no wider);
# a few lines (a long word, a table's row) run past it and must not set it.
WRAP_PERCENTILE = 0.9
SHORT_LINE = 0.75  # of the wrap width: a line shorter than this ended its paragraph (a layout's wrap fills the line)


def paragraphs(lines: Iterable[str], repeated: Collection[str] = frozenset()) -> str:
    """Narrative lines → text with one paragraph per line.

    A line break is kept when the line ends a sentence, when the next line opens an
    enumerated point (（一）, 一是, 1.), or when the line is clearly short of the width the
    text wraps at; otherwise the break was made by the layout and the lines are joined.
    """
    kept = [clean(line) for line in lines if not is_furniture(line, repeated)]
    widths = sorted(display_width(t) for t in kept if t)
    wrap = widths[int(len(widths) * WRAP_PERCENTILE)] if widths else 0
    out = []
    last_width = 0
    for text in kept:
        if not text:
            continue
        if out and _continues(out[-1], last_width, text, wrap):
            out[-1] += text if _cjk_join(out[-1], text) else " " + text
        else:
            out.append(text)
        last_width = display_width(text)
    return "\n".join(out)


def display_width(text: str) -> int:
    """Width in half-width cells: a Chinese character takes two, a digit or Latin letter one.

    How wide a line is on the page, so a line full of `2023 年1 月1 日` is not taken for short.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _continues(prev, prev_width, nxt, wrap):
    if _ENUMERATED.match(nxt):
        return prev.endswith(_OPEN_PUNCT) and not prev.endswith(("：", ":"))
    if prev.endswith(_OPEN_PUNCT):
        return True
    if prev.rstrip(_CLOSERS).endswith(_END_OF_SENTENCE):
        return False
    return prev_width >= SHORT_LINE * wrap


def _cjk_join(a, b):
    return not (a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum())
