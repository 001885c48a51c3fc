"""The query language as a Chinese user types it: section names as the reports head them, full-width
operators and punctuation, bounded nesting and size, finite filters, Chinese messages, and a hint when
an English or pinyin query finds nothing. On a real index of generated reports."""
import io

import pytest

from search import archive
from search.query.find import search
from search.query.messages import QueryError
from search.query.parse import MAX_FILTERS, MAX_NESTING, MAX_QUERY_CHARS, parse_where
from search.store import ingest
from tests.conftest import nianbao, stderr_lines
from tests.gen.corpus import write_reports


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    ingest(write_reports(tmp_path_factory.mktemp("in"), 12, seed=3), root, stream=io.StringIO())
    return root


def ids(data, text, **kwargs):
    return sorted(hit["id"] for hit in search(data, text, limit=0, **kwargs)["hits"])


@pytest.mark.parametrize("chinese, english", [
    ("问题:培训", "problems:培训"), ("总体情况:公开", "overview:公开"), ("概述:公开", "overview:公开"),
    ("其他:公开", "other:公开"), ("标题:年度报告", "title:年度报告"), ("引言:公开", "preamble:公开"),
])
def test_chinese_section_names_search_the_section_the_english_name_does(data, chinese, english):
    assert ids(data, chinese) == ids(data, english)


def test_a_section_prefix_narrows_to_that_section(data):
    records = {e["id"]: e["record"] for e in archive.entries(data)}
    found = ids(data, "问题:公开")
    assert found and all("公开" in records[i]["sections"]["problems"] for i in found)  # independent of the index
    assert len(found) <= len(ids(data, "公开"))


@pytest.mark.parametrize("full_width, ascii_form", [
    ("问题：公开", "问题:公开"),
    ("（培训 OR 学习）　公开", "(培训 OR 学习) 公开"),  # full-width brackets and the ideographic space
    ("“政务公开 工作”", '"政务公开 工作"'),
    ("＂政务公开 工作＂", '"政务公开 工作"'),
    ("公开 －培训", "公开 -培训"),
    ("ｐｒｏｂｌｅｍｓ：公开", "problems:公开"),
])
def test_full_width_operators_read_as_their_ascii_forms(data, full_width, ascii_form):
    assert ids(data, full_width) == ids(data, ascii_form)


def test_full_width_comparison_in_a_filter():
    assert parse_where("year＞＝２０２１") == parse_where("year>=2021")
    assert parse_where("t3.new.total　＜　５") == parse_where("t3.new.total<5")


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-inf", "Infinity", "1e999"])
def test_non_finite_filter_values_are_refused(value):
    with pytest.raises(QueryError) as caught:
        parse_where(f"t2.procurement.amount>={value}")
    assert "finite" in str(caught.value) and "不是有限的数值" in caught.value.zh


def test_nesting_is_bounded_with_a_message_not_a_recursion_error(data):
    deep = "(" * 330 + "公开" + ")" * 330
    with pytest.raises(QueryError, match=f"more than {MAX_NESTING} deep"):
        search(data, deep)
    with pytest.raises(QueryError, match="deep"):
        search(data, "-" * 330 + "公开")
    allowed = "(" * (MAX_NESTING - 1) + "公开" + ")" * (MAX_NESTING - 1)
    assert ids(data, allowed) == ids(data, "公开")


def test_nesting_330_deep_on_the_command_line_is_one_line_and_exit_2(data):
    run = nianbao("search", "(" * 330 + "公开" + ")" * 330, "--data", data)
    assert run.returncode == 2 and stderr_lines(run) == [f"nianbao: the query nests brackets or '-' more than {MAX_NESTING} deep"]


def test_query_length_and_filter_count_are_bounded(data):
    with pytest.raises(QueryError, match="characters long"):
        search(data, "公开" * (MAX_QUERY_CHARS // 2 + 1))
    with pytest.raises(QueryError, match="filters, over the limit") as caught:
        search(data, "", where=["year>=2000"] * (MAX_FILTERS + 1))
    assert "筛选条件太多" in caught.value.zh
    assert search(data, "", where=["year>=2000"] * MAX_FILTERS)["total"] == 12


@pytest.mark.parametrize("text", ["training", "peixun", "péixùn", "information disclosure", "zhengwu gongkai"])
def test_a_latin_query_that_finds_nothing_carries_a_hint(data, text):
    result = search(data, text)
    assert result["total"] == 0 and "中文" in result["hint"] and "Chinese" in result["hint"]


@pytest.mark.parametrize("text", ["公开", "不存在的词语组合", ""])
def test_no_hint_for_chinese_or_found_queries(data, text):
    assert search(data, text)["hint"] is None


def test_the_cli_prints_the_hint(data):
    run = nianbao("search", "training", "--data", data)
    assert run.returncode == 0 and run.stdout.splitlines()[0] == "0 reports" and run.stdout.splitlines()[1].startswith("hint: ")


def test_every_query_error_has_a_chinese_message(data):
    cases = [('"未闭合', {}), ("(公开", {}), ("公开)", {}), ("()", {}), ("foo:公开", {}), ("问题:", {}), ("OR", {}),
             ("", {"where": ["year>=abc"]}), ("", {"where": ["t9.nope=1"]}), ("", {"where": ["year"]}),
             ("", {"where": ["published>=yesterday"]}), ("", {"where": ["year>=2020.5"]}), ("", {"template": "1999"}),
             ("", {"tables_read": "maybe"}), ("", {"sort": "nope"})]
    for text, kwargs in cases:
        with pytest.raises(QueryError) as caught:
            search(data, text, **kwargs)
        zh = caught.value.zh
        assert zh and "\n" not in zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh), (text, kwargs, zh)
        assert not any(word in zh for word in ("invalid literal", "malformed", "unknown")), zh
