"""Reports from before the national table layouts (the reports for 2008–2018), with their expected records.

Their headings follow the old regulation's outline (一、概述 … 七、其他需要报告的事项) and
their one table is the old statistics table (统计指标 / 单位 / 统计数), which maps onto
none of SCHEMA's keys: the expected record has `template: null`, no fields, and its
narrative (二–五 are prose) under `overview`.

    pre2019_record(seed, year=None) -> record
    write_pre2019(record, kind, rng) -> bytes     kind: "text" (tab-separated table) or "html"
"""
import random
from html import escape

from ingest.schema import SCHEMA_VERSION

from .narrative import closing_paragraphs, random_dated, random_org, random_title

OLD_HEADINGS = ("一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况", "四、政府信息公开的收费及减免情况",
                "五、因政府信息公开申请行政复议、提起行政诉讼的情况", "六、政府信息公开工作存在的主要问题及改进情况",
                "七、其他需要报告的事项")
# The old statistics table's rows: (indicator, unit); its numbers are drawn per report.
OLD_TABLE = [("一、主动公开情况", ""), ("（一）主动公开政府信息数", "条"), ("其中：主动公开规范性文件数", "条"),
             ("制发规范性文件总数", "件"), ("（二）通过不同渠道和方式公开政府信息的情况", ""),
             ("1.政府公报公开政府信息数", "条"), ("2.政府网站公开政府信息数", "条"), ("3.政务微博公开政府信息数", "条"),
             ("二、回应解读情况", ""), ("（一）回应公众关注热点或重大舆情数", "次"),
             ("三、依申请公开情况", ""), ("（一）收到申请数", "件"), ("1.当面申请数", "件"), ("2.传真申请数", "件"),
             ("3.网络申请数", "件"), ("4.信函申请数", "件"), ("（二）申请办结数", "件"), ("1.按时办结数", "件"),
             ("2.延期办结数", "件"), ("（三）申请答复数", "件"), ("1.属于已主动公开范围数", "件"),
             ("2.同意公开答复数", "件"), ("3.不同意公开答复数", "件"),
             ("四、行政复议数量", "件"), ("（一）维持具体行政行为数", "件"), ("（二）被依法纠错数", "件"),
             ("五、行政诉讼数量", "件"), ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
             ("六、举报投诉数量", "件"), ("七、依申请公开信息收取的费用", "万元"),
             ("八、机构建设和保障经费情况", ""), ("（一）政府信息公开工作专门机构数", "个"),
             ("（二）从事政府信息公开工作人员数", "人"), ("九、政府信息公开会议和培训情况", ""),
             ("（一）召开政府信息公开工作会议或专题会议数", "次"), ("（二）举办各类培训班数", "次")]


def _paragraphs(org, year, rng):
    n = lambda: rng.randint(12, 3000)  # noqa: E731
    return {
        "preamble": f"本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{org}编制。全文包括概述，"
                    "主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请"
                    "行政复议、提起行政诉讼的情况，政府信息公开工作存在的主要问题及改进情况，其他需要报告的事项。"
                    f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "overview": [f"{year}年，{org}认真贯彻落实《条例》和上级关于政府信息公开工作的部署，健全工作机制，"
                     "规范公开程序，政府信息公开工作有序推进。",
                     f"全年通过门户网站主动公开政府信息{n()}条，其中规范性文件{rng.randint(1, 40)}件，"
                     f"通过政务微博发布信息{n()}条，回应社会关切{rng.randint(1, 60)}次。",
                     f"全年共受理政府信息公开申请{rng.randint(0, 80)}件，均在法定期限内予以答复。",
                     "依申请公开政府信息未收取任何费用。",
                     "全年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"],
        "problems": ["政府信息公开工作仍存在公开内容不够全面、更新不够及时等问题。",
                     "下一步，我们将进一步完善工作制度，加强业务培训，提高政府信息公开工作水平。"],
        "other": "无。",
    }


def pre2019_record(seed, year=None):
    """The expected record of a report for a year before 2019."""
    rng = random.Random(seed)
    year = year or rng.choice([2014, 2015, 2016, 2017, 2018])
    org = random_org(rng)
    text = _paragraphs(org, year, rng)
    return {
        "schema": SCHEMA_VERSION, "title": random_title(org, year, rng), "org": org, "year": year, "template": None,
        "published": None, "dated": random_dated(year, random.Random(f"{seed}/dated")), "url": None,
        "sections": {"preamble": text["preamble"], "overview": "\n".join(text["overview"]),
                     "problems": "\n".join(text["problems"]), "other": text["other"]},
        "fields": {}, "checks": [], "notes": [],
    }


def _parts(record):
    """(heading, paragraphs, with the table) in document order: the old outline, 二–五 one paragraph each."""
    overview = record["sections"]["overview"].split("\n")
    return [(OLD_HEADINGS[0], overview[:1], False), (OLD_HEADINGS[1], overview[1:2], True),
            (OLD_HEADINGS[2], overview[2:3], False), (OLD_HEADINGS[3], overview[3:4], False),
            (OLD_HEADINGS[4], overview[4:5], False), (OLD_HEADINGS[5], record["sections"]["problems"].split("\n"), False),
            (OLD_HEADINGS[6], [record["sections"]["other"]] + closing_paragraphs(record), False)]


def write_pre2019(record, kind, rng):
    """The report as a text file (the table tab-separated) or an HTML page (the table a <table>)."""
    header = ("统计指标", "单位", "统计数")
    rows = [header] + [(label, unit, str(rng.randint(0, 900)) if unit else "") for label, unit in OLD_TABLE]
    caption = f"{record['year']}年政府信息公开情况统计表"
    if kind == "text":
        lines = [record["title"], "", record["sections"]["preamble"]]
        for heading, paragraphs, with_table in _parts(record):
            lines += [heading] + [("　　" if rng.random() < 0.5 else "") + p for p in paragraphs]
            if with_table:
                lines += [caption] + ["\t".join(row) for row in rows]
        return ("\n".join(lines) + "\n").encode(rng.choice(["utf-8", "gb18030"]))
    body = [f"<h1>{escape(record['title'])}</h1>", f"<p>{escape(record['sections']['preamble'])}</p>"]
    for heading, paragraphs, with_table in _parts(record):
        body += [f"<p><strong>{escape(heading)}</strong></p>"] + [f"<p>{escape(p)}</p>" for p in paragraphs]
        if with_table:
            cells = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
            body += [f"<p>{escape(caption)}</p>", f"<table border='1'>{cells}</table>"]
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + escape(record["title"]) + "</title></head><body>"
            + "\n".join(body) + "</body></html>").encode("utf-8")
