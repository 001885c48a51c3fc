"""A record as a crawled web page: the report inline among a menu, breadcrumbs and a footer."""
from html import escape

from .layout import layout

HEADER = """<!DOCTYPE html>
<html><head>{meta}<title>{title}_政府门户网站</title>
<style>td {{ border: 1px solid #000; }}</style><script>var nav = "一、总体情况";</script></head>
<body>
<div class="top"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/ndbg">政府信息公开年报</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府信息公开年度报告</div>
<div class="main"><div class="side"><h3>相关报告</h3><ul><li><a href="/a">2018年政府信息公开工作年度报告</a></li></ul></div>
<div class="article"><h1 class="art-title">{title}</h1>
<div class="info">{published}来源：办公室 浏览次数：<span>321</span></div>
<div class="content" id="zoom">
"""
FOOTER = """</div></div></div>
<div class="footer"><p>主办单位：某某人民政府办公室 地址：人民路1号</p><p>网站标识码：1234567890 备案号：ICP备12345号</p></div>
</body></html>
"""


def _table(rows):
    out = ['<table border="1" cellspacing="0" style="width:100%">']
    for row in rows:
        cells = []
        for cell in row:
            spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if n > 1)
            text = escape(cell.text) if cell.text else "&nbsp;"
            cells.append(f"<td{spans}><p style=\"text-align:center\"><span>{text}</span></p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out + ["</table>"])


def record_page(record, encoding="utf-8", meta="charset"):
    """The page's bytes; the charset is declared only in a <meta> tag (`meta`: 'charset' or 'http-equiv')."""
    if meta == "charset":
        tag = f'<meta charset="{encoding}">'
    else:
        tag = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    body = []
    for kind, value in layout(record):
        if kind == "title":
            continue  # the site prints it in the <h1> above the article
        if kind == "table":
            body.append(_table(value))
        elif kind == "heading":
            body.append(f'<p style="text-indent:2em"><strong>{escape(value)}</strong></p>')
        else:
            # source line breaks inside a paragraph, as CMS editors leave them
            half = len(value) // 2
            body.append(f'<p style="text-indent:2em">\n　　{escape(value[:half])}\n{escape(value[half:])}</p>')
    # The info bar states the publication date only where the record has one: a reader takes it.
    published = f"发布时间：{record['published']} " if record.get("published") else ""
    page = HEADER.format(meta=tag, title=escape(record["title"]), published=published) + "\n".join(body) + FOOTER
    return page.encode(encoding)
