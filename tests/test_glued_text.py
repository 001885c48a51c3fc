"""Crawler text: header lines as metadata, page chrome dropped, headings inside run-on lines, and
table rows whose cells ran together handed on as one digit run each (issue 10, part 1)."""
import json
import random

import pytest

from ingest.read.crawler_text import crawler_header, page_text, title_apart
from ingest.document import split_parts, split_run_on_headings
from ingest.read.glued_text import glued_rows, is_glued
from ingest.numbers import squash
from ingest.schema import T3_COLUMNS, T4_COLUMNS, T4_GROUPS
from tests.conftest import nianbao
from tests.gen.record import random_record
from tests.gen.text import LAYOUTS, write_text
from tests.gen.text_glued import glued_record, write_glued

HEADER = ["标题: 某某区2024年度政府信息公开工作年度报告_某某区人民政府网", "栏目：政府信息公开年报",
          "发布时间：2025-03-12 09:20", "原文链接: https://www.example.gov.cn/xxgk/t20250312_12345.htm",
          "发布机构: 某某区管委会办公室", "索引号: 11320000/2025-00012", ""]


def test_header_lines_are_meta_in_any_order_with_either_colon():
    meta, notes, rest = crawler_header(HEADER + ["==================== 正文 ====================", "本报告根据…编制。"])
    assert meta == {"title": "某某区2024年度政府信息公开工作年度报告", "published": "2025-03-12",
                    "url": "https://www.example.gov.cn/xxgk/t20250312_12345.htm", "org": "某某区管委会办公室"}
    assert notes == [] and rest == ["本报告根据…编制。"]


@pytest.mark.parametrize("written, iso", [("2025/3/2", "2025-03-02"), ("2025年03月12日 10:00", "2025-03-12"),
                                          ("2025.12.31", "2025-12-31")])
def test_header_dates_in_the_forms_sites_write(written, iso):
    assert crawler_header([f"发布日期：{written}", "标题：x"])[0]["published"] == iso


def test_header_keys_an_english_crawler_writes():
    meta, _, rest = crawler_header(["Title: 某某县2023年政府信息公开工作年度报告", "URL: http://a.gov.cn/1.html",
                                    "PubDate: 2024-01-31", "Crawled: 2024-05-01", "", "本报告根据…编制。"])
    assert meta == {"title": "某某县2023年政府信息公开工作年度报告", "url": "http://a.gov.cn/1.html", "published": "2024-01-31"}
    assert rest == ["本报告根据…编制。"]


def test_a_header_date_that_is_no_date_is_left_out_with_a_note():
    meta, notes, _ = crawler_header(["发布时间: 2025-13-40", "原文链接: 见附件", "----", "正文"])
    assert meta == {}
    assert [n["key"] for n in notes] == ["published", "url"]


def test_one_key_line_without_a_separator_is_text_not_a_header():
    lines = ["发布时间：2021-01-20", "红椿镇2020年政府信息公开工作年度报告"]
    assert crawler_header(lines) == ({}, [], lines)


def test_chrome_is_taken_out_of_lines():
    lines = ["首页 > 政务公开 > 政府信息公开年报 【字体：大 中 小】 打印本页 关闭窗口",
             "分享到：微信 微博 QQ空间 扫一扫在手机打开当前页", "一、总体情况。我镇…", "附件下载：年报.docx 【打印】【关闭】"]
    assert page_text(lines) == ({}, [], ["", "", "一、总体情况。我镇…", ""])


def test_the_info_bar_under_a_title_is_chrome_and_dates_the_page_when_no_header_does():
    lines = ["某镇2020年政府信息公开工作年度报告", "发布时间：2021-01-10 10:20 来源：办公室 浏览次数：321 【字体：大 中 小】",
             "数据来源：本机关统计，来源：各科室报送。", "本报告数据来源：本机关统计台账"]
    assert page_text(lines) == ({"published": "2021-01-10"}, [], [lines[0], "", lines[2], lines[3]])
    assert page_text(["发布时间：2025-03-12", "标题：x", "----"] + lines)[0]["published"] == "2025-03-12"


def test_a_title_run_into_the_first_sentence_is_set_apart():
    line = "红椿镇人民政府2020年度政府信息公开工作年度报告本报告根据《条例》编制。"
    assert title_apart(["", line]) == ["", "红椿镇人民政府2020年度政府信息公开工作年度报告", "本报告根据《条例》编制。"]
    assert title_apart(["某区2024年报告正文", "x"], "某区2024年报告") == ["某区2024年报告", "正文", "x"]
    assert title_apart(["某镇2020年政府信息公开工作年度报告（修订版）"]) == ["某镇2020年政府信息公开工作年度报告（修订版）"]


BODY = ("本报告根据《条例》编制。一、总体情况 2024年，本区主动公开信息。二、主动公开政府信息情况第二十条第（一）项信息内容"
        "本年制发件数本年废止件数现行有效件数规章000行政规范性文件1528310三、收到和处理政府信息公开申请情况"
        "一、本年新收政府信息公开申请数量963000099二、上年结转政府信息公开申请数量0000000"
        "四、结转下年度继续办理1000001四、政府信息公开行政复议、行政诉讼情况行政复议结果维持结果纠正其他结果尚未审结总计"
        "102030000041005五、存在的主要问题及改进情况2024年，培训不足。六、其他需要报告的事项无。")


def test_headings_in_the_middle_of_a_line_split_the_sections_and_table_rows_stay():
    lines = split_run_on_headings([BODY])
    assert lines == [
        "本报告根据《条例》编制。", "一、总体情况", " 2024年，本区主动公开信息。", "二、主动公开政府信息情况",
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1528310",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量963000099二、上年结转政府信息公开申请数量0000000四、结转下年度继续办理1000001",
        "四、政府信息公开行政复议、行政诉讼情况", "行政复议结果维持结果纠正其他结果尚未审结总计102030000041005",
        "五、存在的主要问题及改进情况", "2024年，培训不足。", "六、其他需要报告的事项", "无。"]
    parts = split_parts(lines)
    assert parts["overview"] == [" 2024年，本区主动公开信息。"] and parts["problems"] == ["2024年，培训不足。"]


def test_a_heading_opening_its_line_is_left_to_heading_at():
    assert split_run_on_headings(["一、总体情况：2024年，本区…", "（一）主动公开政府信息情况。xx"]) == \
        ["一、总体情况：2024年，本区…", "（一）主动公开政府信息情况。xx"]


def _runs(rows):
    return [(row.cells[0], row.cells[1]) if len(row.cells) == 2 else (row.cells[0],) for row in rows]


def test_glued_rows_give_each_label_its_digit_run_and_list_numbers_to_the_next_label():
    line = ("（三）不予公开1.属于国家秘密0000000 2.其他法律行政法规禁止公开5.属于三类内部事务信息00000006.属于四类过程性信息"
            "12-315第二十条第(1)项保留4位小数2024年收费4453.4018万元政府集中采购31,250.5")
    rows = glued_rows([line])
    assert all(row.glued and not row.blanks_known for row in rows)
    assert _runs(rows) == [("(三)不予公开",), ("1.属于国家秘密", "0000000"), ("2.其他法律行政法规禁止公开",),
                           ("5.属于三类内部事务信息", "0000000"), ("6.属于四类过程性信息", "12-315"),
                           ("第二十条第(1)项保留4位小数2024年收费", "4453.4018万元"), ("政府集中采购", "31,250.5")]


def _parts(data):
    return split_parts(split_run_on_headings(page_text(data.decode("utf-8").split("\n"))[2]))


@pytest.mark.parametrize("seed", range(8))
def test_rows_recovered_from_a_generated_dump_are_the_printed_cells_run_together(seed):
    template = ("2019", "2021")[seed % 2]
    record = glued_record(seed, template, consistent=seed % 3 != 0, blanks=(0, 0.1, 0.3)[seed % 3])
    parts = _parts(write_glued(record, random.Random(seed)))
    fields = record["fields"]
    rows = dict.fromkeys(key.rsplit(".", 1)[0][3:] for key in fields if key.startswith("t3."))
    printed = ["".join(str(fields[f"t3.{row}.{col}"]) for col, _ in T3_COLUMNS if fields[f"t3.{row}.{col}"] is not None)
               for row in rows]
    t3 = [row for row in glued_rows(parts["t3"]) if len(row.cells) == 2]
    assert [row.cells[1] for row in t3] == [run for run in printed if run]
    ends = [T3_LABEL_ENDS[row] for row, run in zip(rows, printed) if run]
    assert [row.cells[0] for row, row_ends in zip(t3, ends) if not squash(row.cells[0]).endswith(row_ends)] == []
    t4 = [row.cells[1] for row in glued_rows(parts["t4"]) if len(row.cells) == 2]
    assert t4 == ["".join(str(fields[f"t4.{g}.{c}"]) for g, _ in T4_GROUPS for c, _ in T4_COLUMNS
                          if fields[f"t4.{g}.{c}"] is not None)]


# How each 表三 row's label ends as printed (long form first), written out here, not taken from the reader.
T3_LABEL_ENDS = {
    "new": ("申请数量",), "carried_in": ("申请数量",), "granted": ("予以公开",), "partial": ("部分公开", "其他情形"),
    "denied.secret": ("国家秘密",), "denied.law": ("禁止公开",), "denied.safety": ("一稳定",),
    "denied.third_party": ("合法权益",), "denied.internal": ("事务信息",), "denied.process": ("过程性信息",),
    "denied.enforcement": ("执法案卷",), "denied.query": ("查询事项",), "unable.not_held": ("相关政府信息",),
    "unable.need_create": ("另行制作",), "unable.unclear": ("仍不明确",), "rejected.petition": ("投诉类申请",),
    "rejected.duplicate": ("重复申请",), "rejected.publication": ("公开出版物",), "rejected.excessive": ("反复申请",),
    "rejected.confirm": ("已获取信息",), "handled_other": ("其他处理",), "handled_other.overdue_supplement": ("公开申请",),
    "handled_other.unpaid_fee": ("公开申请",), "handled_other.misc": ("其他",), "total": ("总计",),
    "carried_out": ("继续办理",),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_no_other_text_layout_is_taken_for_glued(layout):
    for seed in range(4):
        text = write_text(random_record(seed), layout, rng=random.Random(seed)).decode("utf-8")
        assert not is_glued(text.split("\n"))


def test_a_sentence_counting_results_is_not_glued():
    assert not is_glued(["共收到申请20件，其中予以公开15件，部分公开3件，属于国家秘密2件，重复申请1件。",
                         "办理结果：予以公开15，部分公开3，属于国家秘密2，重复申请1。"])


def test_a_glued_dump_gives_title_org_published_url_sections_and_its_tables(tmp_path):
    record = glued_record(3, "2021", blanks=0.1)
    path = tmp_path / "crawled.txt"
    path.write_bytes(write_glued(record, random.Random(3)))
    proc = nianbao("extract", path)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert {k: got[k] for k in ("title", "org", "year", "published", "url")} == \
        {k: record[k] for k in ("title", "org", "year", "published", "url")}
    sections = "".join(got["sections"].values())
    for chrome in ("首页", "打印", "关闭窗口", "分享到", "字体", "扫一扫", "附件下载", "标题", "发布时间", "原文链接", "正文"):
        assert chrome not in sections
    for name in ("overview", "problems", "other"):
        assert squash(record["sections"][name]) == squash(got["sections"][name])
    # Never an empty record: the tables were found, read as glued rows, and a note says so.
    assert got["template"] == "2021"
    assert {key.split(".")[0] for key in got["fields"]} == {"t2", "t3", "t4"}
    assert any(note["key"] == "tables" and "run" in note["note"] for note in got["notes"])


def _extract_text(text):
    from ingest.extract import extract_bytes

    return extract_bytes(text.encode("utf-8"), "crawled.txt")


def test_the_header_title_fills_a_record_whose_text_prints_none():
    got = _extract_text("\n".join(HEADER + ["=== 正文 ===", BODY]))
    assert (got["title"], got["org"], got["year"], got["published"]) == \
        ("某某区2024年度政府信息公开工作年度报告", "某某区", 2024, "2025-03-12")
    assert {"key": "title", "note": "the text prints no title; 某某区2024年度政府信息公开工作年度报告 taken from the "
            "source's metadata"} in got["notes"]
    assert got["sections"]["preamble"] == "本报告根据《条例》编制。"


def test_a_header_title_that_is_no_report_title_is_not_taken_and_the_publisher_names_the_body():
    header = [line.replace("某某区2024年度政府信息公开工作年度报告_某某区人民政府网", "关于某某事项的通知") for line in HEADER]
    got = _extract_text("\n".join(header + [BODY]))
    assert (got["title"], got["org"]) == ("", "某某区管委会办公室")
    assert any(note["key"] == "org" and "某某区管委会办公室" in note["note"] for note in got["notes"])


def test_rows_a_line_each_are_glued_too():
    lines = ["第二十条第（一）项", "信息内容本年制发件数本年废止件数现行有效件数", "规章000", "行政规范性文件1528310",
             "第二十条第（五）项", "信息内容本年处理决定数量", "行政许可3817"]
    assert is_glued(lines)
    assert _runs(glued_rows(lines)) == [("第二十条第(一)项",), ("信息内容本年制发件数本年废止件数现行有效件数",),
                                        ("规章", "000"), ("行政规范性文件", "1528310"), ("第二十条第(五)项",),
                                        ("信息内容本年处理决定数量",), ("行政许可", "3817")]


def test_a_row_printed_all_blank_stands_apart_at_the_next_row_number():
    line = ("申请人情况法律服务机构其他一、本年新收政府信息公开申请数量963000099三、本年度办理结果（一）予以公开（二）部分公开5000005"
            "第二十条第（一）项第一、二季度规章000")
    assert _runs(glued_rows([line])) == [
        ("申请人情况法律服务机构其他",), ("一、本年新收政府信息公开申请数量", "963000099"), ("三、本年度办理结果",),
        ("(一)予以公开",), ("(二)部分公开", "5000005"), ("第二十条第(一)项第一、二季度规章", "000")]
