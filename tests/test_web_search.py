"""What people expect of the search page and API (issue 15 §3), through Flask's test client on an archive
ingested from the suite's corpus (tests/gen/corpus.py) plus one town over two templates: facets counted
against the archive's own records, a year range, sorting both ways, API windows and their links,
streamed CSV, a pager with its ends, display numbers and Beijing time, and the page's cost in hits built;
in a data folder and in PostgreSQL (the `backend` fixture)."""
import csv
import io
import random
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from search import archive
from search.query import find
from search.store import ingest
from tests.gen.corpus import PROCUREMENT_AMOUNT
from tests.gen.record import random_record
from tests.gen.text import write_text
from web import params, store
from web.app import create_app

TOWN = "清水镇人民政府"  # its 2019-template years print a procurement amount; its 2021-template year has no such cell
BIG_AMOUNT = 917239.69  # 万元: the amount whose axis label was clipped to 7239.69


def town_report(folder, seed, year, template, amount=None):
    record = random_record(seed, template, year=year, org=TOWN, bare_unit=False)
    if amount is not None:
        record["fields"]["t2.procurement.amount"] = amount
    path = folder / f"town-{year}.txt"
    path.write_bytes(write_text(record, "tsv", "utf-8", random.Random(seed), newline="\n"))
    return path


@pytest.fixture(scope="module")
def data(corpus, tmp_path_factory, backend):
    root = backend.fresh(tmp_path_factory.mktemp("data"))
    inbox = tmp_path_factory.mktemp("in")
    town = [town_report(inbox, 41, 2019, "2019", 12.5), town_report(inbox, 42, 2020, "2019", BIG_AMOUNT),
            town_report(inbox, 43, 2022, "2021")]
    counts = ingest(sorted(corpus) + town, root, stream=io.StringIO())
    assert counts == {"stored": 9, "duplicate": 0, "failed": 0}
    return root


@pytest.fixture
def client(data):
    return create_app(data, TESTING=True).test_client()


def records(data):
    return [entry["record"] for entry in archive.entries(data)]


def page_of(client, **query):
    response = client.get("/", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def total_on(page):
    return int(re.search(r'id="hit-count">共 <strong>([\d,]+)</strong>', page).group(1).replace(",", ""))


def facet_values(page, heading):
    """{value text: (count, url)} of one facet as the page shows it."""
    block = re.search(rf'<section class="facet">\s*<h3>{heading}</h3>(.*?)</section>', page, re.S).group(1)
    return {text: (int(count.replace(",", "")), unescape(url)) for url, text, count
            in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a> <span class="count">([\d,]+)</span>', block)}


def test_facets_count_what_the_archive_holds_and_a_click_filters(client, data):
    page = page_of(client)
    held = records(data)
    years = facet_values(page, "年度")
    assert {text: count for text, (count, _) in years.items()} == {
        f"{year} 年度": n for year, n in Counter(r["year"] for r in held).items()}
    templates = facet_values(page, "模板")
    assert {text: count for text, (count, _) in templates.items()} == {
        f"{t} 版": n for t, n in Counter(r["template"] for r in held).items()}
    failed = facet_values(page, "核对不符")
    expected_failed = Counter(check["rule"] for r in held for check in r["checks"])
    assert sorted(count for count, _ in failed.values()) == sorted(expected_failed.values()) and failed
    tables = facet_values(page, "表格")
    assert sum(count for count, _ in tables.values()) == len(held)

    count, url = years["2020 年度"]
    filtered = client.get(url).get_data(as_text=True)
    assert total_on(filtered) == count == sum(r["year"] == 2020 for r in held)
    assert 'class="chosen"' in filtered  # the chosen value is marked, and its link takes the filter off
    (chosen_url,) = [u for t, (c, u) in facet_values(filtered, "年度").items() if t == "2020 年度"]
    assert total_on(client.get(chosen_url).get_data(as_text=True)) == len(held)

    rule_text, (count, url) = next(iter(failed.items()))
    rule = parse_qs(urlsplit(url).query)["check"][0]
    assert total_on(client.get(url).get_data(as_text=True)) == count == expected_failed[rule]


def test_a_year_range_from_the_form(client, data):
    response = client.get("/", query_string={"min:year": "2019", "max:year": "2020", "pick_sort": "", "pick_order": "desc"})
    assert response.status_code == 302
    target = response.headers["Location"]
    assert "where=year%3E%3D2019" in target and "where=year%3C%3D2020" in target
    page = client.get(target).get_data(as_text=True)
    assert total_on(page) == sum(2019 <= r["year"] <= 2020 for r in records(data))
    assert 'name="min:year" value="2019"' in page and 'name="max:year" value="2020"' in page


@pytest.mark.parametrize("key", ["t3.new.total", "year", "t2.procurement.amount"])
def test_sort_both_ways_on_any_field_with_the_reports_lacking_it_last(client, data, key):
    held = {entry["id"]: entry["record"] for entry in archive.entries(data)}

    def value(rid):
        return held[rid]["year"] if key == "year" else held[rid]["fields"].get(key)

    for sort, reverse in ((key, False), (f"-{key}", True)):
        got = client.get("/api/search", query_string={"sort": sort, "limit": 50}).get_json()["hits"]
        values = [value(hit["id"]) for hit in got]
        present = [v for v in values if v is not None]
        assert present == sorted(present, reverse=reverse) and len(set(present)) > 1
        assert values == present + [None] * (len(values) - len(present))


def test_the_pick_sort_form_and_sortable_headers(client):
    response = client.get("/", query_string={"pick_sort": "t3.new.total", "pick_order": "asc"})
    assert "sort=t3.new.total" in response.headers["Location"] and "sort=-" not in response.headers["Location"]
    response = client.get("/", query_string={"pick_sort": "t3.new.total", "pick_order": "desc"})
    assert "sort=-t3.new.total" in response.headers["Location"]

    table = page_of(client, view="table", sort="year")
    heads = dict(re.findall(r'<th scope="col"[^>]*>\s*<a class="sort" href="([^"]+)">([^<]+)', table))
    by_label = {label.strip(): unescape(href) for href, label in heads.items()}
    assert parse_qs(urlsplit(by_label["年度"]).query)["sort"] == ["-year"]  # sorted up: the next click sorts down
    assert parse_qs(urlsplit(by_label["新收申请"]).query)["sort"] == ["t3.new.total"]
    assert "sort" not in parse_qs(urlsplit(by_label["相关度"]).query)
    assert re.search(r'aria-sort="ascending"[^>]*>\s*<a class="sort"[^>]*>年度 <span class="arrow">▲', table)
    down = page_of(client, view="table", sort="-year")
    assert re.search(r'aria-sort="descending"[^>]*>\s*<a class="sort"[^>]*>年度 <span class="arrow">▼', down)
    years = [int(y) for y in re.findall(r'<td class="num">(\d{4})</td>', down)]
    assert years == sorted(years, reverse=True) and len(years) == 9


def test_api_windows_by_page_and_offset_with_links(client, data):
    everything = find.search(data, limit=0)["hits"]
    first = client.get("/api/search", query_string={"limit": 4}).get_json()
    assert (first["total"], first["page"], first["offset"], first["limit"], first["prev"]) == (9, 1, 0, 4, None)
    walked, answer = [], first
    while True:
        walked += [hit["id"] for hit in answer["hits"]]
        if answer["next"] is None:
            break
        answer = client.get(answer["next"]).get_json()
    assert walked == [hit["id"] for hit in everything]
    assert answer["page"] == 3 and answer["offset"] == 8 and answer["prev"] and "offset=4" in answer["prev"]
    by_page = client.get("/api/search", query_string={"limit": 4, "page": 2}).get_json()
    by_offset = client.get("/api/search", query_string={"limit": 4, "offset": 4}).get_json()
    assert by_page["hits"] == by_offset["hits"] == everything[4:8]
    assert client.get("/api/search", query_string={"limit": 100000}).get_json()["limit"] == params.MAX_LIMIT == 500
    for bad, said in (({"limit": "0"}, "每页条数不能小于 1"), ({"offset": "-1"}, "起始位置不能小于 0"),
                      ({"page": "abc"}, "页码必须是整数")):
        response = client.get("/api/search", query_string=bad)
        assert response.status_code == 400 and said in response.get_json()["error"]


def test_every_search_page_links_its_json_and_csv(client, data):
    page = page_of(client, q="公开", sort="-year", page="1")
    json_url = unescape(re.search(r'id="export-json" href="([^"]+)"', page).group(1))
    csv_url = unescape(re.search(r'id="export-csv" href="([^"]+)"', page).group(1))
    assert json_url.startswith("/api/search?") and csv_url.startswith("/export.csv?")
    answer = client.get(json_url).get_json()
    shown = re.findall(r'<li class="hit">\s*<h3><a href="/reports/([0-9a-f]{64})"', page)
    assert [hit["id"] for hit in answer["hits"]] == shown and answer["total"] == total_on(page)
    rows = list(csv.reader(io.StringIO(client.get(csv_url).get_data(as_text=True)[1:])))
    assert [row[0] for row in rows[1:]] == [hit["id"] for hit in find.search(data, "公开", sort="-year", limit=0)["hits"]]


def test_csv_is_streamed_in_batches_without_repeats(client, data, monkeypatch):
    monkeypatch.setattr(store, "EXPORT_BATCH", 2)
    response = client.get("/export.csv")
    assert response.is_streamed and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True)[1:])))
    assert sorted(row[0] for row in rows[1:]) == sorted(e["id"] for e in archive.entries(data))
    bad = client.get("/export.csv", query_string={"where": "t9.nothing>1"})
    assert bad.status_code == 400 and "t9.nothing" in bad.get_data(as_text=True)


def test_the_page_builds_only_its_own_hits(client, monkeypatch):
    built = []
    real_hit = find.hit_json  # what both backends build a hit with
    monkeypatch.setattr(find, "hit_json", lambda *a: built.append(a[0]["id"]) or real_hit(*a))
    monkeypatch.setattr(params, "PAGE_SIZE", 2)
    page = page_of(client, page="3")
    assert len(built) == 2 and total_on(page) == 9
    assert "<svg" in page  # the histogram drew every match's amount without building their hits


def test_pager_has_first_and_last_pages(client, monkeypatch):
    monkeypatch.setattr(params, "PAGE_SIZE", 2)
    links = dict((rel, unescape(href)) for rel, href in
                 re.findall(r'<a rel="(\w+)" href="([^"]+)"', page_of(client, page="3")))
    pages = {rel: parse_qs(urlsplit(href).query)["page"] for rel, href in links.items()}
    assert pages == {"first": ["1"], "prev": ["2"], "next": ["4"], "last": ["5"]}
    last = page_of(client, page="5")
    assert 'rel="last"' not in last and 'rel="next"' not in last and 'rel="first"' in last


def test_numbers_have_separators_on_pages_only(client, data):
    org, amount = PROCUREMENT_AMOUNT
    page = page_of(client, org=org)
    assert "4,453.4018 万元" in page
    hit = client.get("/api/search", query_string={"org": org}).get_json()["hits"][0]
    assert hit["fields"]["t2.procurement.amount"] == amount
    rows = list(csv.reader(io.StringIO(client.get("/export.csv", query_string={"org": org}).get_data(as_text=True)[1:])))
    assert str(amount) in rows[1]


def test_ingest_time_in_beijing_time(client, data):
    entry = next(archive.entries(data))
    written = datetime.strptime(entry["ingested_at"], "%Y-%m-%dT%H:%M:%S%z")
    beijing = written.astimezone(timezone(timedelta(hours=8)))  # China keeps no summer time
    page = client.get(f"/reports/{entry['id']}").get_data(as_text=True)
    shown = re.search(r'id="ingested-at">([^<]+)<', page).group(1)
    assert shown == f"{beijing:%Y-%m-%d %H:%M:%S}（北京时间）"


def test_history_chart_shows_the_whole_amount_its_unit_and_a_missing_template_cell(client, data):
    rid = next(e["id"] for e in archive.entries(data) if e["record"]["org"] == TOWN and e["record"]["year"] == 2022)
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    charts = dict((caption, svg) for svg, caption in
                  re.findall(r'<figure class="chart-box">(<svg.*?</svg>)<figcaption>(.*?)</figcaption>', page, re.S))
    chart = charts["采购金额"]
    assert ">917,239.69<" in chart and "单位：万元" in chart
    assert re.search(r'<text class="missing"[^>]*>模板无此项<title>2022年：该年模板无此项</title>', chart)
    assert len(re.findall(r'<rect class="bar"', chart)) == 2  # 2019 and 2020; 2022 has no such cell
