"""Recall against a plain substring scan: any fragment of two or more characters a reader types finds
every report whose narrative holds it, however the segmenter cut it, and reports holding it as words
rank above those holding it only inside another word."""
import random

import pytest

from search import archive, index
from search.analysis import GRAM_SIZES
from search.query.find import search
from search.sample import narrative, records

COUNT = 400
QUERIES = 300  # random substrings of 2-6 characters drawn from the narratives
SEED = 11
LONG_FRAGMENT_PRECISION = 0.99  # measured 0.997 over the 4-6 character fragments of this corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(data folder, {id: narrative}) of COUNT generated records, indexed in three segments."""
    root = tmp_path_factory.mktemp("data")
    texts = {}
    for n, record in enumerate(records(COUNT, seed=SEED)):
        texts[archive.store(root, f"report {n}".encode(), f"r{n}.txt", record)["id"]] = narrative(record)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "BULK_SEGMENT_DOCS", COUNT // 3 + 1)
        assert index.rebuild(root) == COUNT
    return root, texts


def found(root, text):
    result = search(root, text, limit=0)
    assert result["total"] == len(result["hits"])
    return [hit["id"] for hit in result["hits"]]


def scan(texts, fragment):
    """The independent truth: ids whose narrative holds `fragment` as a plain substring."""
    return {rid for rid, text in texts.items() if fragment in text}


def random_fragments(texts, count, rng):
    """`count` distinct substrings of 2-6 word characters (no punctuation: the query syntax reads none)."""
    pool, out = sorted(texts.values()), set()
    while len(out) < count:
        text = rng.choice(pool)
        size = rng.randint(2, 6)
        start = rng.randrange(len(text) - size)
        fragment = text[start:start + size]
        if fragment.isalnum():
            out.add(fragment)
    return sorted(out)


def test_recall_and_precision_against_a_substring_scan(corpus):
    """Recall 1.0 for every fragment. Precision 1.0 for fragments of up to three characters (one gram
    each); a longer one is the AND of its three-character runs, which a report can hold apart
    (政府信息 and 信息公开 for 政府信息公开), so its precision is measured, not promised."""
    root, texts = corpus
    fragments = random_fragments(texts, QUERIES, random.Random(SEED))
    missed, extra, hits_long, true_long = {}, {}, 0, 0
    for fragment in fragments:
        hits, truth = set(found(root, fragment)), scan(texts, fragment)
        assert truth  # drawn from the narratives
        if truth - hits:
            missed[fragment] = len(truth - hits)
        if len(fragment) <= GRAM_SIZES[-1] and hits - truth:
            extra[fragment] = len(hits - truth)
        if len(fragment) > GRAM_SIZES[-1]:
            hits_long, true_long = hits_long + len(hits), true_long + len(hits & truth)
    assert missed == {}, f"recall below 1.0 for {len(missed)} of {len(fragments)} fragments: {missed}"
    assert extra == {}, f"precision below 1.0 for {len(extra)} fragments of 2-3 characters: {extra}"
    print(f"precision over fragments of 4-6 characters: {true_long / hits_long:.4f}")
    assert true_long / hits_long >= LONG_FRAGMENT_PRECISION, true_long / hits_long


@pytest.mark.parametrize("fragment", ["依申请", "申请公开", "请公开", "务公", "开办理程"])
def test_fragments_the_segmenter_cuts_otherwise(corpus, fragment):
    root, texts = corpus
    assert set(found(root, fragment)) == scan(texts, fragment) != set()


def test_word_matches_rank_above_fragment_matches(tmp_path):
    """申请公开 as the words 申请 公开 ranks above 申请公开 inside 依申请公开 (a fragment only), though
    the fragment report holds it three times in a shorter text."""
    words = {"word": "公民申请公开政府信息，本机关依法办理。", "fragment": "依申请公开，依申请公开，依申请公开。"}
    ids = {}
    for name, text in words.items():
        record = {"title": name, "org": "某局", "year": 2020, "template": None, "fields": {},
                  "sections": {"preamble": "", "overview": text, "problems": "", "other": ""}}
        ids[archive.store(tmp_path, name.encode(), f"{name}.txt", record)["id"]] = name
    index.rebuild(tmp_path)
    assert [ids[rid] for rid in found(tmp_path, "申请公开")] == ["word", "fragment"]


def test_latin_pinyin_and_full_width_text(tmp_path):
    texts = ["Open Government Information policy (zhengwu gongkai) ＡＢＣ２０２０ 年度", "全文公开 data portal 2021"]
    by_id = {}
    for n, text in enumerate(texts):
        record = {"title": f"r{n}", "org": "某局", "year": 2020, "template": None, "fields": {},
                  "sections": {"preamble": "", "overview": text, "problems": "", "other": ""}}
        by_id[archive.store(tmp_path, text.encode(), f"r{n}.txt", record)["id"]] = n
    index.rebuild(tmp_path)
    for query, expected in [("policy", [0]), ("POLICY", [0]), ("gongkai", [0]), ("gong", [0]), ("polic", [0]),
                            ("ABC2020", [0]), ("abc", [0]), ("２０２１", [1]), ("portal", [1]), ("公开", [1]),
                            ("data OR policy", [0, 1])]:
        assert sorted(by_id[rid] for rid in found(tmp_path, query)) == expected, query
