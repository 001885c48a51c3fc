"""Report pages as government sites serve them, for measuring the HTML reader on pages it was not built beside.

Three families, each drawing its details per page:
- "cms": a TRS/zoom article body among navigation, breadcrumbs, share buttons, 上一篇/下一篇,
  an attachment list and a footer full of numbers (备案号, phone, 网站标识码);
- "word": what Word's "save as web page" writes (MsoNormal paragraphs, spans, <o:p>, mso- styles,
  width rows, source lines wrapped inside text), alone or pasted into a CMS page, in GB2312 or
  UTF-16 (Word's "Unicode" option);
- "layout": an old site laid out with tables, the report's tables nested inside, charset only in
  <meta http-equiv>, a <meta charset> that lies (or a gb2312 one on a page a crawler stored as
  UTF-8), and all three tables sometimes in one <table>.
"""
from html import escape

from .official import HEADINGS, Habits, report, title_lines

CMS_HEAD = """<div class="header"><div class="logo">{site}</div><ul class="nav"><li><a href="/">首页</a></li>
<li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/ndbg/">政府信息公开年报</a></div>
<div class="side"><h3>相关文章</h3><ul>{related}</ul></div>
"""
CMS_FOOT = """<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a> 【<a>打印本页</a>】【<a>关闭窗口</a>】</div>
<div class="pages"><p>上一篇：<a href="/a/1.html">{prev}</a></p><p>下一篇：<a href="/a/2.html">{next}</a></p></div>
</div>
<div class="footer"><p>主办：{site}办公室 承办：{site}大数据中心 联系电话：0{area}-{phone} 传真：0{area}-{fax}</p>
<p>网站标识码：{code} <a href="https://beian.miit.gov.cn">备案号：ICP备{icp}号-1</a> 公安备案 {police}号</p>
<p>地址：人民路{n}号 邮编：{zip} 建议使用1920×1080分辨率</p></div>
"""
WORD_STYLE = """<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View><w:Zoom>100</w:Zoom>
<w:PunctuationKerning/><w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; text-align:justify; font-size:10.5pt;
font-family:"Times New Roman"; mso-fareast-font-family:宋体;} @page WordSection1 {size:595.3pt 841.9pt;} --></style>
"""


def other_title(record, rng, year_shift):
    """Another report's title, as sidebars and 上一篇/下一篇 links print it."""
    place = "".join(rng.sample("东南西北新城河桥林山", 2))
    return f"{place}区人民政府{record['year'] + year_shift}年政府信息公开工作年度报告"


def _wrap_source(text, rng):
    """Word breaks long source lines inside text; a break between CJK characters is not a space."""
    if len(text) < 30 or rng.random() < 0.5:
        return text
    out, i = [], 0
    while i < len(text):
        j = min(len(text), i + rng.randint(25, 40))
        while j < len(text) and (text[j - 1].isascii() or text[j].isascii()):
            j += 1
        out.append(text[i:j])
        i = j
    return "\r\n".join(out)


def _spans(text, rng, family):
    """Cell or paragraph text as the family marks it up: Word splits runs at script changes."""
    if family != "word":
        return escape(text)
    parts, cur = [], ""
    for ch in text:
        if cur and (ch.isascii() != cur[-1].isascii() or rng.random() < 0.05):
            parts.append(cur)
            cur = ""
        cur += ch
    parts.append(cur)
    spans = []
    for part in parts:
        lang = ' lang=EN-US' if part.isascii() else ''
        spans.append(f"<span{lang} style='font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体'>"
                     f"{_wrap_source(escape(part), rng)}</span>")
    return "".join(spans)


def _cell_html(cell, rng, family, use_th):
    """One cell: blank as &nbsp; or nothing, broken lines as <br> or one <p> per line."""
    tag = "th" if cell.head and use_th else "td"
    attrs = "".join(f" {k}={v}" if family == "word" else f' {k}="{v}"'
                    for k, v in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if v > 1)
    if family == "word":
        attrs = f" width={40 * cell.colspan}{attrs} valign=middle style='width:{30 * cell.colspan}.0pt;border:solid windowtext 1.0pt;" \
                "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'"
    lines = cell.text.split("\n")
    if family == "word":
        blank = rng.choice(["<span lang=EN-US>&nbsp;<o:p></o:p></span>", "<o:p>&nbsp;</o:p>"])
        inner = "".join(f"<p class=MsoNormal align=center style='text-align:center'>"
                        f"{_spans(line, rng, family) if line else blank}<span lang=EN-US><o:p></o:p></span></p>"
                        for line in lines)
    elif not cell.text:
        inner = rng.choice(["&nbsp;", "", " ", "<p>&nbsp;</p>"])
    else:
        inner = "<br>".join(escape(line) for line in lines)
        if rng.random() < 0.3:
            inner = f'<p style="text-align:center;"><span style="font-size:14px;">{inner}</span></p>'
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _table_rows(rows, rng, family, use_th):
    return ["<tr>" + "".join(_cell_html(c, rng, family, use_th) for c in row) + "</tr>" for row in rows]


def _width_row(rows, family):
    """Word's trailing row of empty cells that fixes column widths."""
    if family != "word":
        return []
    width = sum(c.colspan for c in rows[-1])
    cells = "".join("<td width=40 style='border:none'></td>" for _ in range(width))
    return [f"<![if !supportMisalignedColumns]><tr height=0>{cells}</tr><![endif]>"]


def _table_open(family):
    if family == "word":
        return ("<div align=center><table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>")
    return '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;">'


def _table_close(family):
    return "</table></div>" if family == "word" else "</table>"


def _paragraph(text, rng, family, heading=False):
    if family == "word":
        inner = _spans(text, rng, family)
        if heading:  # bookmarked for the table of contents, as Word exports headings
            inner = f"<b><a name=\"_Toc{rng.randint(10**8, 10**9)}\">{inner}</a></b>"
        return f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'>{inner}" \
               "<span lang=EN-US><o:p></o:p></span></p>"
    if heading and rng.random() < 0.5:
        return f"<p><strong>{escape(text)}</strong></p>"
    return f'<p style="text-indent:2em;">{escape(text)}</p>'


def body_html(record, rng, family, one_table, with_title):
    """The report itself: paragraphs, headings, tables (each its own <table>, or one for all)."""
    habits = Habits.draw(rng)
    use_th = rng.random() < 0.4
    out = []
    if with_title:
        out += [f'<p style="text-align:center;"><strong>{_spans(line, rng, family)}</strong></p>' for line in title_lines(record, rng)]
    if family == "word" and rng.random() < 0.3:  # Word's table of contents: links to the headings
        out += ["<p class=MsoNormal align=center><b>目　录</b></p>"] + [
            f"<p class=MsoToc1><span><a href=\"#_Toc{k}\">{escape(h)}<span style='display:none'>.</span>{k}</a></span></p>"
            for k, h in enumerate(HEADINGS, 1)]
    blocks = report(record, habits)
    if one_table:
        return out + _one_table(blocks, rng, family, use_th)
    return out + [html for block in blocks for html in _block(block, rng, family, use_th)]


def _block(block, rng, family, use_th):
    kind, value = block
    if kind == "table":
        return [_table_open(family), *_table_rows(value, rng, family, use_th), *_width_row(value, family), _table_close(family)]
    return [_paragraph(value, rng, family, kind == "heading")]


def _one_table(blocks, rng, family, use_th):
    """All three tables in one <table>, their headings as full-width rows between them; the
    narrative before and after stays outside."""
    first = blocks.index(("heading", HEADINGS[1]))
    last = blocks.index(("heading", HEADINGS[4])) - 1
    out = [html for block in blocks[:first] for html in _block(block, rng, family, use_th)]
    out.append(_table_open(family))
    for kind, value in blocks[first:last + 1]:
        if kind == "table":
            out += _table_rows(value, rng, family, use_th)
        else:
            out.append(f'<tr><td colspan="15" style="text-align:left">{_spans(value, rng, family)}</td></tr>')
    out.append(_table_close(family))
    return out + [html for block in blocks[last + 1:] for html in _block(block, rng, family, use_th)]


def _furniture(record, rng):
    return dict(site=record["org"] if rng.random() < 0.5 else "某某市人民政府", area=rng.randint(100, 999),
                phone=rng.randint(10000000, 99999999), fax=rng.randint(10000000, 99999999),
                code=rng.randint(10**9, 10**10 - 1), icp=rng.randint(10**7, 10**8 - 1), police=rng.randint(10**13, 10**14 - 1),
                n=rng.randint(1, 300), zip=rng.randint(100000, 999999),
                prev=other_title(record, rng, -1), next=other_title(record, rng, 0))


def _attachments(record, rng):
    if rng.random() < 0.5:
        return ""
    name = record["title"]
    return (f'<div class="attachments"><p>附件：</p><ul><li><a href="/u/{rng.randint(1, 999)}.docx">{escape(name)}.docx</a></li>'
            f'<li><a href="/u/{rng.randint(1, 999)}.pdf">{escape(name)}（PDF版）.pdf</a></li></ul></div>')


def _head(title, meta):
    return f"<!DOCTYPE html>\n<html><head>{meta}<title>{escape(title)}</title>\n<script>var s='一、总体情况';</script></head>\n"


def _title_place(record, rng, fur):
    """(where the title goes: h1 | body | title_only, the <title> text)."""
    place = rng.choice(["h1", "body", "title_only"])
    sep = rng.choice(["_", " - ", "--", "|"])
    return place, f"{record['title']}{sep}{fur['site']}门户网站"


# How CMSs name the publication date in <meta> (TRS: PubDate; others their own), in their letter case.
PUBDATE_NAMES = ("PubDate", "publishdate", "firstpublishedtime", "article:published_time", "DC.Date")


def publication_meta(record):
    """The <meta> of the record's `published` date (its own time of day, and a name that follows from
    the date) and the page's canonical <link> to its `url`: what a CMS writes in <head>."""
    out = ""
    if record.get("published"):
        day = int(record["published"][-2:])
        name = PUBDATE_NAMES[day % len(PUBDATE_NAMES)]
        value = f"{record['published']}T09:{day:02d}:00+08:00" if ":" in name else f"{record['published']} 09:{day:02d}"
        attribute = "property" if ":" in name else "name"
        out += f'<meta {attribute}="{name}" content="{value}">'
    if record.get("url"):
        out += f'<link rel="canonical" href="{escape(record["url"])}">'
    return out


def cms_page(record, rng):
    fur = _furniture(record, rng)
    place, title = _title_place(record, rng, fur)
    related = "".join(f'<li><a href="/r/{i}.html">{escape(other_title(record, rng, -i))}</a></li>' for i in range(1, 4))
    body_class = rng.choice(['<div class="TRS_Editor">', '<div id="zoom">', '<div class="view TRS_UEDITOR trs_paper_default">'])
    parts = [_head(title, '<meta charset="utf-8">' + publication_meta(record)), "<body>",
             CMS_HEAD.format(site=fur["site"], related=related),
             '<div class="article">']
    if place == "h1":
        parts.append(f'<h1 class="title">{escape(record["title"])}</h1>')
    parts.append(f'<div class="info"><span>发布时间：{record["year"] + 1}-01-{rng.randint(10, 31)}</span>'
                 f'<span>来源：{escape(fur["site"])}</span><span>浏览次数：{rng.randint(100, 9999)}</span>'
                 '<span>字体：[<a>大</a> <a>中</a> <a>小</a>]</span></div>')
    parts.append(body_class)
    parts += body_html(record, rng, "cms", one_table=rng.random() < 0.25, with_title=place == "body")
    parts.append("</div>" + _attachments(record, rng))
    parts.append(CMS_FOOT.format(**fur) + "</body></html>")
    return "\n".join(parts).encode("utf-8")


def word_page(record, rng):
    """Word's own export (GB2312, title in the body), or that export pasted into a CMS article."""
    fur = _furniture(record, rng)
    meta = "<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">" \
           "<meta name=ProgId content=Word.Document><meta name=Generator content=\"Microsoft Word 15\">"
    body = body_html(record, rng, "word", one_table=False, with_title=True)
    inner = "<div class=WordSection1 style='layout-grid:15.6pt'>\n" + "\n".join(body) + "\n</div>"
    if rng.random() < 0.5:
        html = f"<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" " \
               f"xmlns:w=\"urn:schemas-microsoft-com:office:word\">\n<head>{meta}<title>{escape(record['title'])}</title>" \
               f"{WORD_STYLE}</head>\n<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n{inner}\n</body></html>"
    else:
        related = "".join(f'<li><a href="/r/{i}.html">{escape(other_title(record, rng, -i))}</a></li>' for i in range(1, 3))
        html = "\n".join([_head(f"{record['title']}_{fur['site']}", meta), "<body>",
                          CMS_HEAD.format(site=fur["site"], related=related), '<div class="article"><div id="zoom">',
                          inner, "</div>", _attachments(record, rng), CMS_FOOT.format(**fur), "</body></html>"])
    if rng.random() < 0.2:  # saved with Word's "Unicode" encoding option
        return html.replace("charset=gb2312", "charset=unicode").encode("utf-16")
    return html.encode("gbk")


def layout_page(record, rng):
    """An old table-laid-out site: banner, sidebar and article are cells of one big table."""
    fur = _furniture(record, rng)
    place, title = _title_place(record, rng, fur)
    charset = rng.choice(["http-equiv", "lying", "none", "recoded"])
    meta = {"http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />',
            "lying": '<meta charset="utf-8">', "none": "",
            "recoded": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'}[charset]
    body = body_html(record, rng, "layout", one_table=rng.random() < 0.5, with_title=place == "body")
    title_cell = f'<tr><td class="bt" align="center"><font size="5"><b>{escape(record["title"])}</b></font></td></tr>' \
        if place == "h1" else ""
    related = "".join(f'<tr><td>·<a href="/r/{i}.htm">{escape(other_title(record, rng, -i))}</a></td></tr>' for i in range(1, 4))
    html = "\n".join([
        _head(title, meta), '<body><center>',
        '<table width="1000" border="0" cellpadding="0" cellspacing="0"><tr><td colspan="2"><img src="/images/banner.jpg">'
        '<a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/xxgk">信息公开</a></td></tr>',
        f'<tr><td width="220" valign="top"><table width="100%"><tr><td><b>信息公开年报</b></td></tr>{related}</table></td>',
        f'<td valign="top"><table width="100%" border="0">{title_cell}'
        f'<tr><td align="center">发布日期：{record["year"] + 1}-01-{rng.randint(10, 31)} 点击数：{rng.randint(10, 999)}</td></tr>'
        '<tr><td class="content">', *body, "</td></tr></table></td></tr>",
        f'<tr><td colspan="2" align="center">版权所有：{escape(fur["site"])} 电话：0{fur["area"]}-{fur["phone"]} '
        f'备案号：ICP备{fur["icp"]}号</td></tr></table></center></body></html>'])
    if charset == "recoded":  # a crawler stored the page as UTF-8 and kept its gb2312 <meta>
        return html.encode("utf-8")
    return html.encode(rng.choice(["gbk", "gb18030"]))


FAMILIES = {"html-cms": cms_page, "html-word": word_page, "html-layout": layout_page}
