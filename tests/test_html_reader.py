"""HTML report pages as crawlers bring them back: report among navigation, merged cells, GBK."""
import pytest

from ingest.errors import ReportError
from ingest.extract import extract_bytes, sniff
from ingest.read.html import decode_html

from tests.gen.gold import as_gold, differences
from tests.gen.html_page import record_page
from tests.gen.layout import sample_record

CASES = [(seed, template, split) for seed in (1, 2) for template, split in (("2019", False), ("2021", False), ("2021", True))]


@pytest.mark.parametrize("seed,template,split", CASES)
def test_page_reads_as_the_record(seed, template, split):
    record = sample_record(seed, template, split)
    got = extract_bytes(record_page(record), "report.html")
    assert differences(got, as_gold(record)) == []
    assert got["notes"] == []


def test_blank_cells_and_money_in_yuan():
    record = sample_record(2, "2019")
    page = record_page(record)
    assert b"&nbsp;" in page and f"{round(record['fields']['t2.procurement.amount'] * 10000)}元".encode() in page
    assert None in record["fields"].values()
    got = extract_bytes(page, "report.html")["fields"]
    assert [k for k, v in got.items() if v is None] == [k for k, v in record["fields"].items() if v is None]
    assert got["t2.procurement.amount"] == pytest.approx(record["fields"]["t2.procurement.amount"], abs=1e-6)


@pytest.mark.parametrize("meta", ["charset", "http-equiv"])
@pytest.mark.parametrize("encoding", ["gbk", "gb2312"])
def test_gbk_page_declared_only_in_meta(meta, encoding):
    record = sample_record(3, "2021")
    page = record_page(record, encoding, meta)
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    assert record["title"] in decode_html(page, "p")
    got = extract_bytes(page, "saved-by-crawler.txt")
    assert differences(got, as_gold(record)) == []


def test_navigation_breadcrumbs_and_footer_stay_out():
    record = sample_record(4, "2019")
    got = extract_bytes(record_page(record), "report.html")
    text = "".join(got["sections"].values())
    for furniture in ("首页", "当前位置", "发布时间", "浏览次数", "相关报告", "主办单位", "备案号", "var nav"):
        assert furniture not in text
    assert got["sections"]["preamble"] == record["sections"]["preamble"]
    assert got["sections"]["other"] == record["sections"]["other"]


def test_page_saved_under_any_name_is_html():
    page = record_page(sample_record(5, "2019"))
    assert sniff(page) == "html"
    record = sample_record(5, "2019")
    assert differences(extract_bytes(page, "report.pdf"), as_gold(record)) == []


@pytest.mark.parametrize("junk", [b'<?xml version="1.0" encoding="utf-8"?><html>', ("<html>" + "a" * 300 + "\x01").encode(), b"<table>"])
def test_junk_pages_are_one_clear_error(junk):
    with pytest.raises(ReportError) as exc:
        extract_bytes(junk, "junk.html")
    assert "could not be read" not in str(exc.value)


def test_xhtml_page_with_encoding_declaration():
    record = sample_record(6, "2019")
    page = b'<?xml version="1.0" encoding="utf-8"?>\n' + record_page(record)
    assert differences(extract_bytes(page, "x.html"), as_gold(record)) == []
