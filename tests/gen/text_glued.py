"""Crawler dumps whose table cells ran together: a record as a crawler saves its report page as text.

`key: value` header lines (标题, 发布时间, 发布机构, 原文链接, and others the record does not
keep, in any order), often a separator, then the page text with the site's chrome
(breadcrumb, the info bar under the title, font size, share and print buttons, 附件下载), the whole body on one or a few
lines and every table cell run together: `规章000行政规范性文件1528310…`. A blank cell leaves
nothing. Headings keep their numbers (a heading without one cannot be told inside a run-on line).

`glued_record` draws a record with the counts real reports print (mostly small, many zeros)
and the header's `published` and `url`; `write_glued` prints it.
"""
import random

from .record import random_record
from .tables import Style, t2_rows, t3_rows, t4_rows
from .text import HEADINGS, NUMERALS, paragraphs

# Counts real reports print: a town's tables count in tens, a city bureau's in hundreds.
TOPS = (12, 30, 30, 60, 200)
ZEROS = 0.45
HEADER_EXTRA = ["来源: {org}", "栏目: 政府信息公开年报", "索引号: 11{n}/2025-0{m}", "文号: 无", "作者: 办公室",
                "发文日期: {published}"]
SEPARATORS = ["==================== 正文 ====================", "----------", "正文:", ""]
CRUMB_SEPARATORS = [" > ", ">", " » ", " ＞ "]
CHROME_BEFORE = ["【字体：大 中 小】", "打印本页 关闭窗口", "分享到：微信 微博 QQ空间", "扫一扫在手机打开当前页", "【打印】【关闭】"]
CHROME_AFTER = ["附件下载：{title}.docx", "【打印本页】【关闭窗口】", "扫一扫在手机打开当前页", "分享到： 微信 微博"]


def glued_record(seed, template=None, *, consistent=True, blanks=0.0):
    """A record (random_record's) with small counts and the header's published date and web address."""
    rng = random.Random(f"glued-{seed}")
    record = random_record(seed, template, consistent=consistent, blanks=blanks, zeros=ZEROS,
                           top=rng.choice(TOPS), bare_unit=False)
    year = record["year"] + 1
    month, day = rng.randint(1, 3), rng.randint(1, 28)
    record["published"] = f"{year}-{month:02d}-{day:02d}"
    record["url"] = (f"https://www.{rng.choice(['hz', 'sx', 'qy', 'lh'])}{rng.randint(1, 99)}.gov.cn/zwgk/xxgknb/"
                     f"{year}{month:02d}/t{year}{month:02d}{day:02d}_{rng.randint(10000, 99999)}.html")
    return record


def _when(record, rng):
    return record["published"] + rng.choice(["", f" {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"])


def _header(record, rng, dated):
    """The crawler's header lines; `dated`: with the 发布时间 line (else only the page's info bar dates it)."""
    colon = rng.choice([": ", "：", ":"])
    lines = [f"标题{colon}{record['title']}", f"发布机构{colon}{record['org']}", f"原文链接{colon}{record['url']}"]
    lines += [f"发布时间{colon}{_when(record, rng)}"] if dated else []
    ctx = {"org": record["org"], "n": rng.randint(100, 999), "m": rng.randint(1, 9), "published": record["published"]}
    lines += [extra.format(**ctx).replace(": ", colon, 1) for extra in rng.sample(HEADER_EXTRA, rng.randint(0, 3))]
    rng.shuffle(lines)
    separator = rng.choice(SEPARATORS)
    return lines + ([separator] if separator else [])


def _flat(rows, row_end=""):
    """A table's rows as a crawler runs them together: every cell's text, blanks leaving nothing;
    `row_end` after each row (some crawlers keep a line break there)."""
    out = []
    for row in rows:
        out.append("".join([label for label in row.labels if label] + [v for v in (row.values or []) if v is not None]))
    return row_end.join(out)


def _section(text, rng, joiner):
    return joiner.join(paragraphs(text)) if rng.random() < 0.7 else "".join(paragraphs(text))


def _body(record, rng):
    """The body's pieces in reading order; each is followed by nothing, a space or a line break."""
    style = Style.draw(record, rng)
    sections = record["sections"]
    tables = {1: t2_rows(record, style), 2: t3_rows(record, style), 3: t4_rows(record)}
    texts = {0: sections["overview"], 4: sections["problems"], 5: sections["other"]}
    joiner = rng.choice(["", " ", "\n"])
    row_end = "\n" if rng.random() < 0.2 else ""
    pieces = [record["title"]] if rng.random() < 0.5 else []
    if sections["preamble"]:
        pieces.append(_section(sections["preamble"], rng, joiner))
    for index in range(6):
        pieces.append(f"{NUMERALS[index]}{rng.choice(['、', '、', '.'])}{HEADINGS[index]}")
        pieces.append(_flat(tables[index], row_end) if index in tables else _section(texts[index], rng, joiner))
    return pieces


def write_glued(record, rng=None, encoding="utf-8"):
    """The crawler dump of `record` as bytes; `record` (with published and url) is what a perfect reader returns."""
    rng = rng or random.Random()
    dated = rng.random() < 0.8
    lines = _header(record, rng, dated)
    crumbs = rng.choice(CRUMB_SEPARATORS).join(["首页", "政务公开", "政府信息公开", "政府信息公开年报"])
    chrome = [crumbs] + rng.sample(CHROME_BEFORE, rng.randint(1, 3))
    if not dated or rng.random() < 0.5:
        chrome.append(f"发布时间：{_when(record, rng)} 来源：{record['org']} 浏览次数：{rng.randint(10, 9999)}")
    after = [c.format(title=record["title"]) for c in rng.sample(CHROME_AFTER, rng.randint(1, 2))]
    breaks = rng.choice([0.0, 0.1, 0.3])  # how often the crawler kept a line break between blocks
    body = ""
    for piece in _body(record, rng):
        body += piece + ("\n" if rng.random() < breaks else rng.choice(["", "", " "]))
    if rng.random() < 0.5:
        lines += chrome + [body.rstrip()] + after
    else:
        lines += [" ".join(chrome) + " " + body.rstrip() + " " + " ".join(after)]
    return ("\n".join(lines) + "\n").encode(encoding)
