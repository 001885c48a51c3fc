"""What a crawler adds around a report it saved as text: `key: value` header lines and page chrome.

A crawler writes the page's own metadata first (`标题: …`, `发布时间: …`, `原文链接: …`, in
any order, `:` or `：`), usually then a separator (`==== 正文 ====`), then the page text,
which still holds the site's chrome (breadcrumbs, share buttons, 打印本页, 附件下载). The
header is the source's metadata (it fills `title`, `org`, `published`, `url` through
`record.build_record`'s `meta`), never narrative and never the title line; chrome is neither.
"""
import datetime
import re

from ingest.document import TITLE_NOTE_CHARS
from ingest.numbers import fold_width

from .blocks import title_within

# Header keys crawlers write, and the meta key each fills (None: metadata the record does not keep).
HEADER_KEYS = {
    "标题": "title", "题目": "title", "文章标题": "title", "名称": "title",
    "发布时间": "published", "发布日期": "published", "发表时间": "published",
    "发布机构": "org", "发布单位": "org", "发文机关": "org",
    "原文链接": "url", "原文地址": "url", "链接": "url", "网址": "url", "url": "url", "source_url": "url",
    "来源": None, "信息来源": None, "栏目": None, "所属栏目": None, "文号": None, "发文字号": None,
    "索引号": None, "发文日期": None, "成文日期": None, "作者": None, "编辑": None, "责任编辑": None,
    "主题分类": None, "分类": None, "关键词": None, "浏览次数": None, "点击数": None, "公开方式": None,
    "公开范围": None, "有效性": None, "采集时间": None, "抓取时间": None, "爬取时间": None,
    # Crawlers written in English name the same fields so.
    "title": "title", "link": "url", "published": "published", "pubdate": "published", "publish_date": "published",
    "publish_time": "published", "source": None, "author": None, "crawled": None, "crawl_time": None,
}
_HEADER_LINE = re.compile(
    r"^\s*(" + "|".join(sorted(map(re.escape, HEADER_KEYS), key=len, reverse=True)) + r")\s*[:：]\s*(.*?)\s*$",
    re.IGNORECASE)
# A line that ends the header: a rule of = - * # _ ~ (a label such as 正文 may stand in it), or 正文: alone.
_SEPARATOR = re.compile(r"^\s*(?:[=\-—*#_~]{3,}.*|[=\-—*#_~]*\s*正文\s*[:：]?\s*[=\-—*#_~]*)\s*$")
# Fewer known `key: value` lines than this, with no separator after them, are text, not a header
# (a report may open with one line such as `发布时间：…` under its title).
MIN_HEADER_LINES = 2


def crawler_header(lines: list[str]) -> tuple[dict[str, str], list[dict], list[str]]:
    """(meta, notes, the lines after the header) when `lines` open with a crawler's header, else ({}, [], lines).

    `meta` holds what the header states of `title`, `org`, `published` (ISO date), `url`; a
    value the header holds but that is not what its key promises (a date that is no date) is
    left out with a note.
    """
    found, end = [], 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        m = _HEADER_LINE.match(line)
        if not m:
            break
        found.append((m.group(1), m.group(2)))
        end = i + 1
    rest = end
    while rest < len(lines) and not lines[rest].strip():
        rest += 1
    separated = rest < len(lines) and bool(_SEPARATOR.match(lines[rest]))
    if len(found) < MIN_HEADER_LINES and not (found and separated):
        return {}, [], lines
    meta, notes = {}, []
    for key, value in found:
        field = HEADER_KEYS.get(key) or HEADER_KEYS.get(key.lower())
        if not field or not value or field in meta:
            continue
        parsed = _HEADER_VALUE[field](value)
        if parsed:
            meta[field] = parsed
        else:
            notes.append({"key": field, "note": f"the crawler's header line {key}: {value} is not a {_WHAT[field]}; left out"})
    return meta, notes, lines[rest + separated:]


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def header_date(value: str) -> str | None:
    """`2025-03-12 09:20`, `2025/3/12`, `2025年03月12日` → `2025-03-12`; None when it is not a calendar date."""
    m = _DATE.search(fold_width(value))
    if not m:
        return None
    try:
        return datetime.date(*map(int, m.groups())).isoformat()
    except ValueError:
        return None


def _url(value):
    m = re.match(r"^https?://\S+$", fold_width(value).strip())
    return m.group(0) if m else None


def _title(value):
    """The report title without the site name crawlers copy from the page's <title> (`…报告_某某政府网`)."""
    return title_within(value) or value.strip()


_HEADER_VALUE = {"title": _title, "org": str.strip, "published": header_date, "url": _url}
_WHAT = {"title": "title", "org": "body", "published": "date", "url": "web address"}

# Page chrome crawlers keep in a page's text. A breadcrumb's last crumb ends at a space or the
# line's end; a crumb is at most BREADCRUMB_CRUMB characters (a menu item, not a sentence).
BREADCRUMB_CRUMB = 15
_CHROME = re.compile("|".join([
    r"(?:当前位置|您现在的位置|您的位置|所在位置)\s*[:：]\s*",
    rf"首页(?:\s*[>＞»›/]\s*[^\s>＞»›/]{{1,{BREADCRUMB_CRUMB}}})+",
    r"【?\s*(?:字体|字号)\s*[:：]\s*[大中小\s]+\s*】?",
    r"分享到\s*[:：]?(?:\s*(?:微信|朋友圈|新浪微博|腾讯微博|微博|QQ空间|QQ好友|QQ|豆瓣|人人网))*",
    r"【\s*(?:打印|打印本页|关闭|关闭窗口|收藏|返回顶部)\s*】",
    r"打印本页|关闭窗口|关闭本页|返回顶部|视力保护色",
    r"扫一扫在手机(?:上)?(?:打开|查看)当前页",
    r"附件(?:下载)?\s*[:：]\s*\S*?\.(?:docx?|pdf|xlsx?|wps|ofd|zip|rar)\b",
    r"附件下载\s*[:：]?",
    r"(?:浏览次数|点击数|访问量|阅读量)\s*[:：]\s*\d+",
    r"(?:上一篇|下一篇)\s*[:：].*$",
]), re.IGNORECASE)


# The info bar a page prints under its title (`发布时间：2021-01-10 来源：办公室 浏览次数：321`): short
# `key：value` pairs, each value ending at a space; longer than INFO_VALUE characters it is text.
INFO_VALUE = 20
_INFO_PAIR = re.compile(
    r"(?<![\u4e00-\u9fff])(发布时间|发布日期|来源|信息来源|作者|责任编辑|发布机构)\s*[:：]\s*"
    rf"((?:19|20)\d{{2}}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}日?(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    rf"|[^\s:：。，；]{{1,{INFO_VALUE}}}(?=\s|$))")


def page_text(lines: list[str]) -> tuple[dict[str, str], list[dict], list[str]]:
    """(meta, notes, lines) of a text: the crawler's header read and cut off, the page's info bar
    and chrome taken out, a title run into the first sentence set apart. The header's date is the
    publication date; failing it, the info bar's."""
    meta, notes, lines = crawler_header(lines)
    published = None
    for line in lines:
        for m in _INFO_PAIR.finditer(fold_width(line)):
            if m.group(1) in ("发布时间", "发布日期"):
                published = published or header_date(m.group(2))
    if published and "published" not in meta:
        meta["published"] = published
    lines = [_cut(_cut(line, _INFO_PAIR), _CHROME) for line in lines]
    return meta, notes, title_apart(lines, meta.get("title"))


def _cut(line, pattern):
    """`line` without what `pattern` finds in it (looked for in the folded text, whose positions are
    the line's), the gaps left closed up; a line of nothing else becomes empty."""
    folded = fold_width(line)
    if not pattern.search(folded):
        return line
    kept, at = [], 0
    for m in pattern.finditer(folded):
        kept.append(line[at:m.start()])
        at = m.end()
    kept.append(line[at:])
    return re.sub(r"\s{2,}", " ", " ".join(kept)).strip()


TITLE_RUN_ORG = 40  # characters of the body a run-on title starts with before its year (a county's department)
_TITLE_RUN = re.compile(
    rf"^\s*[^\s。，；：:,]{{2,{TITLE_RUN_ORG}}}?(?:(?:19|20)\d{{2}}|[〇零一二三四五六七八九○]{{4}})\s*年度?(?:政府)?信息公开(?:工作)?年度?报告"
    rf"(?:\s*[（(][^）)]{{0,{TITLE_NOTE_CHARS}}}[)）])?")  # as document.split_head reads a title: 报告 and a bracketed note


def title_apart(lines: list[str], title: str | None = None) -> list[str]:
    """`lines` with the report title that opens the text set on a line of its own, where a page's
    text runs it together with the first sentence (`…工作年度报告本报告根据…`). `title`: the
    title the crawler's header states, looked for first."""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        folded = fold_width(line)
        start = len(folded) - len(folded.lstrip())
        if title and folded.lstrip().startswith(fold_width(title)):
            end = start + len(title)
        else:
            m = _TITLE_RUN.match(folded)
            end = m.end() if m else None
        if end is None or not line[end:].strip():
            return lines
        return lines[:i] + [line[:end], line[end:]] + lines[i + 1:]
    return lines
