"""Search semantics on a real index of generated records: terms agree with a substring scan,
phrases, OR, exclusion, sections, every --where operator, sorting, BM25F ranking as whoosh's own,
deletions and a searcher kept open across commits, bad queries."""
import pytest

from search import archive, index
from search.query.find import MARK, search, snippets
from search.query.parse import QueryError
from search.sample import narrative, records

COUNT = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(data folder, {id: record}) of COUNT generated records, archived and indexed in several segments."""
    root = tmp_path_factory.mktemp("data")
    by_id = {}
    for n, record in enumerate(records(COUNT, seed=7)):
        entry = archive.store(root, f"report {n}".encode(), f"r{n}.txt", record)
        by_id[entry["id"]] = record
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "BULK_SEGMENT_DOCS", COUNT // 3 + 1)
        assert index.rebuild(root) == COUNT
    assert len(index.open_index(root).reader().leaf_readers()) == 3
    return root, by_id


def ids(root, text, **kwargs):
    result = search(root, text, limit=0, **kwargs)
    assert result["total"] == len(result["hits"])
    return {hit["id"] for hit in result["hits"]}


def scan(by_id, *words, section=None):
    """Ids whose narrative (or one section) holds every word: the substring truth."""
    def text(record):
        return record["sections"][section] if section else narrative(record)
    return {rid for rid, record in by_id.items() if all(w in text(record) for w in words)}


@pytest.mark.parametrize("words", [("政务公开", "培训"), ("信息公开", "政策解读"), ("依申请公开", "工作人员"),
                                   ("政务新媒体", "公开目录"), ("政务公开",), ("培训",)])
def test_terms_agree_with_a_substring_scan(corpus, words):
    root, by_id = corpus
    found, truth = ids(root, " ".join(words)), scan(by_id, *words)
    assert truth, "the generated corpus should hold these words"
    precision = len(found & truth) / max(len(found), 1)
    recall = len(found & truth) / len(truth)
    assert precision >= 0.99 and recall >= 0.99, (precision, recall, words)


def test_a_split_term_is_a_phrase_not_its_pieces_anywhere(corpus):
    root, by_id = corpus
    apart = {rid for rid, r in by_id.items() if "政务与公开" in narrative(r) and "政务公开" not in narrative(r)}
    assert apart, "the corpus should hold 政务 and 公开 apart"
    assert not apart & ids(root, "政务公开")
    assert ids(root, "公开工作") == scan(by_id, "公开工作")  # jieba cuts it in two: searched as a phrase
    assert ids(root, '"政务公开 业务培训"') == scan(by_id, "政务公开业务培训") != set()
    # A word found inside a longer one shares that word's position, so a phrase can also
    # match across it (政务公开|业务培训 for "政务公开 培训"): never fewer hits than the scan.
    assert ids(root, '"政务公开 培训"') >= scan(by_id, "政务公开培训")


@pytest.mark.parametrize("text", ["依申请公开办理程序", "严格落实保密审查制度", '"业务 能力 不足"'])
def test_phrases_of_three_words_or_more_agree_with_a_scan(corpus, text):
    root, by_id = corpus
    truth = scan(by_id, "".join(text.strip('"').split()))
    assert truth and ids(root, text) == truth


def test_ranking_is_whooshs_bm25f(corpus):
    """The top hits and their scores are what whoosh's own BM25F search gives."""
    from whoosh import query

    root, _ = corpus
    for text, q in (("培训", query.Term("text", "培训")), ("政务公开 培训", query.And([query.Term("text", "政务公开"),
                                                                                 query.Term("text", "培训")]))):
        hits = search(root, text, limit=10)["hits"]
        with index.open_index(root, create=False).searcher() as searcher:
            theirs = {searcher.stored_fields(h.docnum)["id"]: round(h.score, 4) for h in searcher.search(q, limit=None)}
        assert [hit["score"] for hit in hits] == sorted(theirs.values(), reverse=True)[:10]
        assert all(theirs[hit["id"]] == hit["score"] for hit in hits)


def test_or_exclusion_grouping_and_sections(corpus):
    root, by_id = corpus
    assert ids(root, "政策解读 OR 保密审查") == scan(by_id, "政策解读") | scan(by_id, "保密审查")
    assert ids(root, "培训 -政务公开") == scan(by_id, "培训") - scan(by_id, "政务公开")
    assert ids(root, "-培训") == set(by_id) - scan(by_id, "培训")
    assert ids(root, "政策解读 OR -培训") == scan(by_id, "政策解读") | (set(by_id) - scan(by_id, "培训"))
    assert ids(root, "政务公开 (政策解读 OR 保密审查)") == scan(by_id, "政务公开") & (
        scan(by_id, "政策解读") | scan(by_id, "保密审查"))
    assert ids(root, "problems:培训") == scan(by_id, "培训", section="problems")
    assert ids(root, "problems:公开工作") == scan(by_id, "公开工作", section="problems") != set()
    assert ids(root, "problems:培训 overview:政务公开") == (
        scan(by_id, "培训", section="problems") & scan(by_id, "政务公开", section="overview"))


@pytest.mark.parametrize("op, test", [("=", lambda v: v == 3), ("!=", lambda v: v != 3), ("<", lambda v: v < 3),
                                      ("<=", lambda v: v <= 3), (">", lambda v: v > 3), (">=", lambda v: v >= 3)])
def test_where_operators_on_counts(corpus, op, test):
    root, by_id = corpus
    key = "t3.new.total"
    truth = {rid for rid, r in by_id.items() if r["fields"].get(key) is not None and test(r["fields"][key])}
    assert ids(root, "", where=[f"{key} {op} 3"]) == truth


def test_where_on_money_and_year_and_meta_filters_are_anded(corpus):
    root, by_id = corpus
    truth = {rid for rid, r in by_id.items() if (r["fields"].get("t2.procurement.amount") or -1) >= 100
             and r["year"] >= 2020}
    assert truth and len(truth) < len(by_id)
    assert ids(root, "", where=["t2.procurement.amount>=100", "year>=2020"]) == truth
    assert ids(root, "政务公开 培训", where=["t2.procurement.amount>=100", "year>=2021"]) == {
        rid for rid in scan(by_id, "政务公开", "培训") if rid in truth and by_id[rid]["year"] >= 2021}
    assert ids(root, "培训", year=2021, template="2021") == {
        rid for rid in scan(by_id, "培训") if by_id[rid]["year"] == 2021}
    assert ids(root, "", org="红椿镇") == {rid for rid, r in by_id.items() if "红椿镇" in r["org"]}


def test_group_sums_filter_sort_and_show_what_the_parts_add_up_to(corpus):
    root, by_id = corpus

    def denied(record):  # the eight 不予公开 reasons' 总计 cells, as a person would add them
        parts = [v for k, v in record["fields"].items() if k.startswith("t3.denied.") and k.endswith(".total")]
        return sum(v or 0 for v in parts) if any(v is not None for v in parts) else None

    middle = sorted(denied(r) or 0 for r in by_id.values())[len(by_id) // 2]
    truth = {rid for rid, r in by_id.items() if (denied(r) or 0) >= middle}
    assert truth and len(truth) < len(by_id)
    assert ids(root, "", where=[f"t3.denied.total>={middle}"]) == truth
    hits = search(root, "", sort="-t3.denied.total", limit=0)["hits"]
    shown = [hit["sums"].get("t3.denied.total") for hit in hits]
    assert shown == [denied(by_id[hit["id"]]) for hit in hits]
    assert [v for v in shown if v is not None] == sorted((v for v in shown if v is not None), reverse=True)
    assert all("t3.denied.total" not in hit["fields"] for hit in hits)  # fields hold printed cells only


def test_sort_by_a_field_puts_reports_without_it_last(corpus):
    root, by_id = corpus
    hits = search(root, "培训", sort="-t3.new.total", limit=0)["hits"]
    values = [by_id[hit["id"]]["fields"].get("t3.new.total") for hit in hits]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True) and values == present + [None] * (len(values) - len(present))
    assert len(hits) == len(scan(by_id, "培训"))
    page = search(root, "培训", sort="-t3.new.total", limit=5, offset=5)["hits"]
    assert [h["id"] for h in page] == [h["id"] for h in hits[5:10]]


def test_hits_carry_meta_fields_and_marked_snippets(corpus):
    root, by_id = corpus
    result = search(root, "政务公开 培训", limit=3)
    assert result["total"] == len(scan(by_id, "政务公开", "培训"))
    filtered = search(root, "政务公开 培训", where=["year>=2021"], limit=3)
    assert filtered["total"] == len({rid for rid in scan(by_id, "政务公开", "培训") if by_id[rid]["year"] >= 2021})
    scores = [hit["score"] for hit in result["hits"]]
    assert scores == sorted(scores, reverse=True)
    for hit in result["hits"]:
        record = by_id[hit["id"]]
        assert (hit["title"], hit["org"], hit["year"]) == (record["title"], record["org"], record["year"])
        assert hit["fields"] == {k: v for k, v in record["fields"].items() if v is not None}
        marked = "".join(s["text"] for s in hit["snippets"])
        assert f"{MARK[0]}政务公开{MARK[1]}" in marked and f"{MARK[0]}培训{MARK[1]}" in marked


def test_snippets_mark_every_occurrence_in_the_passage():
    sections = {"overview": "一是加强培训。二是政务公开培训。", "problems": "培训不足"}
    out = snippets(sections, {"text": ["培训"], "problems": ["不足"]})
    assert out[0] == {"section": "overview", "text": "一是加强【培训】。二是政务公开【培训】。"}
    assert out[1] == {"section": "problems", "text": "【培训】【不足】"}


@pytest.mark.parametrize("text, where, message", [
    ("foo:培训", [], "unknown field 'foo'"),
    ('"政务公开', [], "unclosed quote"),
    ("(培训", [], "unclosed ("),
    ("培训)", [], "unmatched )"),
    ("，", [], "nothing to search for"),
    ("", ["t9.x.y>1"], "unknown key 't9.x.y'"),
    ("", ["t3.new.total ~ 1"], "malformed --where"),
    ("", ["t3.new.total>abc"], "'abc' is not a number"),
])
def test_bad_queries_name_the_problem(corpus, text, where, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        search(corpus[0], text, where=where)


def test_deleted_reports_are_gone_and_an_open_searcher_sees_each_commit(tmp_path):
    for n, record in enumerate(records(30, seed=3)):
        archive.store(tmp_path, f"report {n}".encode(), f"r{n}.txt", record)
    index.rebuild(tmp_path)
    everything = ids(tmp_path, "")
    assert len(everything) == 30
    gone = sorted(everything)[:3]
    batch = index.Batch(index.open_index(tmp_path))
    for report_id in gone:
        batch.delete(report_id)
    batch.commit()
    assert ids(tmp_path, "") == everything - set(gone)
    assert search(tmp_path, "", limit=0)["total"] == 27
    entry = archive.store(tmp_path, b"one more", "late.txt", records(1, seed=4)[0])
    batch.add(entry)
    batch.commit()
    assert entry["id"] in ids(tmp_path, "")
