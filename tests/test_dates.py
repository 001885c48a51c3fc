"""`published`, `dated`, `url` from the documents themselves: a report's signing line in every
printed form and format, a page's publication <meta> and canonical link."""
import random

import pytest

from ingest.dates import date_line, find_date
from ingest.extract import extract_bytes
from tests.gen.html_page import record_page
from tests.gen.layout import sample_record
from tests.gen.narrative import dated_line
from tests.gen.pdf import write_pdf
from tests.gen.record import random_record
from tests.gen.text import write_text


@pytest.mark.parametrize("text,iso", [
    ("2021年1月20日", "2021-01-20"), ("二〇二一年一月二十日", "2021-01-20"), ("2021-01-20", "2021-01-20"),
    ("２０２１年１月２０日", "2021-01-20"), ("2021 年 01 月 05 日", "2021-01-05"), ("二〇二〇年十二月三十一日", "2020-12-31"),
    ("二○一九年十月十日", "2019-10-10"), ("2025-03-12 09:20", "2025-03-12"), ("2021/1/5", "2021-01-05"),
    ("2021-01-25T09:30:00+08:00", "2021-01-25"), ("20210125", "2021-01-25"),
    ("2021年2月30日", None), ("2021-13-01", None), ("二〇二一年十三月一日", None), ("2020年无其他需要报告的事项。", None),
])
def test_dates_in_the_forms_they_are_printed(text, iso):
    assert find_date(text) == iso


def test_a_signing_line_is_a_date_and_nothing_after_it():
    assert date_line("红椿镇人民政府  2021年1月20日") == ("2021-01-20", "红椿镇人民政府")
    assert date_line("二〇二一年一月二十日。") == ("2021-01-20", "")
    assert date_line("截至2021年1月20日，共收到申请3件") is None


# One date per printed form of tests/gen/narrative.dated_line, each with the text that must appear in the file.
FORMS = [("2021-01-19", "2021年1月19日"), ("2021-01-20", "二〇二一年一月二十日"),
         ("2021-01-21", "2021年01月21日"), ("2021-01-22", "2021-01-22")]


@pytest.mark.parametrize("dated,printed", FORMS)
@pytest.mark.parametrize("layout", ["tsv", "cells", "pdfdump", "spaces", "markdown"])
def test_text_reports_give_the_date_they_end_with(dated, printed, layout):
    record = {**random_record(7, "2021"), "dated": dated}
    assert dated_line(record) == printed
    data = write_text(record, layout, "utf-8", random.Random(3))
    assert printed in data.decode("utf-8")
    got = extract_bytes(data, f"report.{layout}.txt")
    assert got["dated"] == dated
    assert printed not in got["sections"]["other"]  # the signature's line, not narrative
    assert got["sections"]["other"].replace("\n", "") == record["sections"]["other"].replace("\n", "")


@pytest.mark.parametrize("layout", ["ruled", "borderless"])
def test_pdf_reports_give_their_date(layout):
    record = {**random_record(11, "2019"), "dated": "2020-02-14"}
    got = extract_bytes(write_pdf(record, layout, random.Random(5)), "report.pdf")
    assert got["dated"] == "2020-02-14"
    assert got["published"] is None and got["url"] is None


def test_a_report_without_a_date_line_has_dated_null():
    record = {**random_record(12, "2021"), "dated": None}
    got = extract_bytes(write_text(record, "tsv", "utf-8", random.Random(1)), "report.txt")
    assert got["dated"] is None


HEADS = [
    ('<META NAME="PubDate" CONTENT="2021-01-25 09:30">', "2021-01-25"),
    ('<meta name="publishdate" content="2021/1/25">', "2021-01-25"),
    ('<meta name="firstpublishedtime" content="2021-01-25-09:30:00">', "2021-01-25"),
    ('<meta property="article:published_time" content="2021-01-25T09:30:00+08:00">', "2021-01-25"),
    ('<meta name="DC.Date" content="2021-01-25">', "2021-01-25"),
    ('<meta name="PubDate" content="">', None),
    ('<meta name="PubDate" content="待定">', None),
    ('<meta name="description" content="2021-01-25">', None),
]


def _page(record, head):
    return record_page(record).replace(b"<title>", head.encode("utf-8") + b"<title>", 1)


@pytest.mark.parametrize("head,published", HEADS)
def test_a_page_gives_its_publication_date(head, published):
    record = sample_record(1, "2021")
    got = extract_bytes(_page(record, head), "report.html")
    assert got["published"] == published
    assert got["dated"] == record["dated"]


@pytest.mark.parametrize("head,url", [
    ('<link rel="canonical" href="https://www.example.gov.cn/zwgk/t20210125_1.html">',
     "https://www.example.gov.cn/zwgk/t20210125_1.html"),
    ('<meta property="og:url" content="http://example.gov.cn/a/b.htm">', "http://example.gov.cn/a/b.htm"),
    ('<meta name="url" content="https://x.gov.cn/1.html">', "https://x.gov.cn/1.html"),
    ('<link rel="canonical" href="/zwgk/t1.html">', None),  # a relative address names no site
    ("", None),
])
def test_a_page_gives_its_address(head, url):
    got = extract_bytes(_page(sample_record(2, "2019"), head), "report.html")
    assert got["url"] == url


def _ending_with(lines, seed=13):
    """A generated report without a date line of its own, `lines` appended at its end."""
    record = {**random_record(seed, "2021"), "dated": None}
    text = write_text(record, "tsv", "utf-8", random.Random(seed)).decode("utf-8")
    return record, extract_bytes(("\n".join([text.rstrip("\n")] + lines) + "\n").encode("utf-8"), "report.txt")


def test_a_signature_with_the_body_before_the_date():
    _, got = _ending_with(["青溪县人民政府办公室　　2022年1月5日"])
    assert got["dated"] == "2022-01-05"
    assert got["sections"]["other"].endswith("青溪县人民政府办公室") and "2022年1月5日" not in got["sections"]["other"]


@pytest.mark.parametrize("line", ["本报告统计期限自2021年1月1日至2021年12月31日。", "截至2021年12月31日",
                                  "发布于2022年1月5日"])
def test_a_sentence_ending_in_a_date_is_no_signature(line):
    _, got = _ending_with([line])
    assert got["dated"] is None and line.rstrip("。") in got["sections"]["other"]
