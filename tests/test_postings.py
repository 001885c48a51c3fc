"""search/query/postings.py reads whoosh3's private posting format: checked against Whoosh's public
matcher API on a real segment whose posting lists span many blocks (128 postings each)."""
import numpy as np
import pytest

from search import archive, index
from search.query import postings

DOCS = 2000  # 128 postings a block: 6 to 15 blocks for each word of the narratives
WORDS = ("培训", "政务公开", "网站", "依申请公开")
TITLE_GROUPS = 250


def narrative(n):
    """Document n's text: each word in a different, irregular subset of documents, repeated 1-3 times."""
    parts = [word * (1 + (n * (k + 3)) % 3) for k, word in enumerate(WORDS) if n % (k + 2) != k % 2 or n % 97 == 0]
    return "，".join(parts) or "其他"


def title(n):
    """Two numbers, each one term: n itself (in one title), n modulo TITLE_GROUPS (in several)."""
    return f"{n} {n % TITLE_GROUPS}"


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    for n in range(DOCS):
        record = {"title": title(n), "org": "某局", "year": 2020, "template": None, "fields": {},
                  "sections": {"preamble": "", "overview": narrative(n), "problems": "", "other": ""}}
        archive.store(root, f"report {n}".encode(), f"r{n}.txt", record)
    assert index.rebuild(root) == DOCS
    ix = index.open_index(root, create=False)
    with ix.reader() as opened:
        assert len(opened.leaf_readers()) == 1  # one segment: every list is one stored run of blocks
        yield opened


@pytest.mark.parametrize("field, word", [(field, word) for field in ("text", "overview") for word in WORDS]
                         + [("grams", gram) for gram in ("培训", "网站", "依申请", "政务公")])  # weights are counts
def test_docnums_and_weights_are_whooshs_own(reader, field, word):
    matcher = reader.postings(field, word)
    expected_ids, expected_weights = [], []
    while matcher.is_active():
        expected_ids.append(matcher.id())
        expected_weights.append(matcher.weight())
        matcher.next()
    assert expected_ids == list(reader.postings(field, word).all_ids())
    assert len(expected_ids) > 128 * 5  # many blocks: the carry of document numbers across blocks is exercised
    ids, weights = postings.postings(reader, field, word)
    assert ids.tolist() == expected_ids
    assert np.allclose(weights, expected_weights)


@pytest.mark.parametrize("word", ["1999", "7"])  # one posting (inlined in the term table), one block of 8
def test_short_lists_and_a_missing_term(reader, word):
    expected = list(reader.postings("title", word).all_ids())
    assert postings.postings(reader, "title", word)[0].tolist() == expected
    assert len(expected) == sum(word in title(n).split() for n in range(DOCS))
    assert postings.postings(reader, "text", "不存在的词")[0].tolist() == []


def test_a_decoded_list_is_read_once_per_segment_and_commits_never_serve_a_stale_one(tmp_path, monkeypatch):
    """The cache keys lists by segment: a second search decodes nothing; after commits that add a
    segment and merge all of them, every list is still whoosh's own."""

    def record(n):
        return {"title": title(n), "org": "某局", "year": 2020, "template": None, "fields": {},
                "sections": {"preamble": "", "overview": narrative(n), "problems": "", "other": ""}}

    for n in range(300):
        archive.store(tmp_path, f"report {n}".encode(), f"r{n}.txt", record(n))
    index.rebuild(tmp_path)
    reads = []
    real_read = postings._read
    monkeypatch.setattr(postings, "_read", lambda *args: reads.append(args[1:]) or real_read(*args))

    def check(ix):
        with ix.reader() as opened:
            for word in WORDS:
                assert postings.postings(opened, "text", word)[0].tolist() == list(opened.postings("text", word).all_ids())

    ix = index.open_index(tmp_path, create=False)
    check(ix)
    assert len(reads) == len(WORDS)
    check(ix)
    assert len(reads) == len(WORDS)  # the second time from the cache
    batch = index.Batch(ix)
    for n in range(300, 320):
        batch.add(archive.load(tmp_path, archive.store(tmp_path, f"report {n}".encode(), f"r{n}.txt", record(n))["id"]))
    batch.commit()  # merge.bounded merges nothing here: the new segment is alone in its size class
    check(ix)
    assert len(reads) == 2 * len(WORDS)  # only the new segment's lists were read
    writer = index.writer(ix)
    writer.delete_by_term("id", archive.report_ids(tmp_path)[0])
    writer.commit(optimize=True)
    check(ix)


def test_two_indexes_whose_segments_got_the_same_id_keep_their_own_lists(tmp_path):
    """whoosh names segments from the global `random`: a process that seeds it makes the same ids again."""
    import random

    from search.query.find import search

    texts = {"a": "组织政务公开培训。", "b": "严格落实保密审查制度。"}
    for name, text in texts.items():
        record = {"title": name, "org": "某局", "year": 2020, "template": None, "fields": {},
                  "sections": {"preamble": "", "overview": text, "problems": "", "other": ""}}
        archive.store(tmp_path / name, name.encode(), f"{name}.txt", record)
        random.seed(1)
        index.rebuild(tmp_path / name)
    ids = [index.open_index(tmp_path / name).reader().leaf_readers()[0][0].segment().segment_id() for name in texts]
    assert ids[0] == ids[1]  # the trap is set
    assert search(tmp_path / "a", "培训")["total"] == 1
    assert search(tmp_path / "b", "培训")["total"] == 0
    assert search(tmp_path / "b", "保密审查")["total"] == 1 and search(tmp_path / "a", "保密审查")["total"] == 0
