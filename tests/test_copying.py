"""Copying (compare/copying.py): the share of a narrative repeated from the same body's previous report,
other bodies' reports sharing long passages found through MinHash LSH, template boilerplate not counted.
Expectations are counted by hand from the sentences written here."""
import pytest

from compare.copying import BOILERPLATE_BODIES, MIN_PASSAGE_CHARS, SHARED_MIN_CHARS, Narrative, analyse

TEMPLATE = "本年度报告根据中华人民共和国政府信息公开条例的要求编制而成。"  # every body prints it


def sentence(body, n, chars=30):
    """A sentence of its own: `chars` characters of the skeleton form, unique to (body, n)."""
    stem = f"{body}第{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{'子丑寅卯辰巳午未申酉'[n // 10]}项工作"
    return (stem + "扎实推进" * 20)[:chars] + "。"


def sections(own, template=True):
    return {"overview": (TEMPLATE if template else "") + "".join(own)}


def report(body, year, own, template=True):
    return Narrative.of(f"{body}-{year}", body, year, sections(own, template))


def test_the_share_repeated_from_last_year_counts_characters_of_own_passages():
    last = [sentence("东城", n) for n in range(4)]
    this = last[:3] + [sentence("东城", 10, chars=60)]  # three of 30 kept, one of 60 new
    others = [report(f"机关{i}", 2021, [sentence(f"机关{i}", 0)]) for i in range(BOILERPLATE_BODIES)]
    found, _ = analyse([report("东城", 2020, last), report("东城", 2021, this), *others])
    assert found["东城-2021"].copied == pytest.approx(90 / 150)  # the template sentence counts for nothing
    assert found["东城-2021"].previous == "东城-2020"
    assert found["东城-2020"].copied is None and found["东城-2020"].previous is None


def test_last_years_sentence_with_this_years_figures_is_a_copy():
    last = ["2020年共收到政府信息公开申请12件，均已按时答复完毕，没有逾期。"]
    this = ["2021年共收到政府信息公开申请15件，均已按时答复完毕，没有逾期。"]
    found, _ = analyse([report("西城", 2020, last, False), report("西城", 2021, this, False)])
    assert found["西城-2021"].copied == 1.0


def test_template_wording_is_not_a_copy_until_few_bodies_print_it():
    reports = [report(f"机关{i}", 2021, []) for i in range(BOILERPLATE_BODIES - 1)]
    reports += [report("机关0", 2020, [])]
    assert analyse(reports)[0]["机关0-2021"].copied == 1.0  # four bodies: one body's own wording, repeated
    reports.append(report("第五个", 2021, []))
    assert analyse(reports)[0]["机关0-2021"].copied is None  # five: the template's, nothing of its own left


def test_short_sentences_say_nothing():
    short = "全年无行政复议。" * 1
    assert len(short) - 1 < MIN_PASSAGE_CHARS
    found, _ = analyse([report("南城", 2020, [short], False), report("南城", 2021, [short], False)])
    assert found["南城-2021"].copied is None


def test_other_bodies_reports_sharing_long_passages_are_found():
    shared = [sentence("原文", n, chars=40) for n in range(4)]  # 160 characters
    copier = report("抄写局", 2021, shared[:3] + [sentence("抄写局", 1)])  # 120 shared, over SHARED_MIN_CHARS
    source = report("原文局", 2021, shared + [sentence("原文局", 2)])
    unrelated = [report(f"别处{i}", 2021, [sentence(f"别处{i}", n) for n in range(5)]) for i in range(30)]
    found, _ = analyse([copier, source, *unrelated])
    assert [(s["id"], s["chars"]) for s in found["抄写局-2021"].shared] == [("原文局-2021", 120)]
    assert found["抄写局-2021"].shared[0]["share"] == pytest.approx(120 / 150)
    assert [s["id"] for s in found["原文局-2021"].shared] == ["抄写局-2021"]
    assert all(not found[r.id].shared for r in unrelated)
    assert 120 >= SHARED_MIN_CHARS


def test_a_body_sharing_with_itself_is_not_listed_as_another():
    own = [sentence("北城", n) for n in range(5)]
    found, _ = analyse([report("北城", 2020, own), report("北城", 2021, own)])
    assert found["北城-2021"].shared == [] and found["北城-2021"].copied == 1.0


def test_saved_and_loaded_back_and_a_new_report_measured_the_same_way(tmp_path):
    from compare.copying import copied_between, load, save

    last = [sentence("东城", n) for n in range(4)]
    this = last[:3] + [sentence("东城", 10, chars=60)]
    reports = [report("东城", 2020, last), report("东城", 2021, this)]
    reports += [report(f"机关{i}", 2021, [sentence(f"机关{i}", 0)]) for i in range(BOILERPLATE_BODIES)]
    found, common = analyse(reports)
    assert load(tmp_path) == ({}, set())
    save(tmp_path, found, common)
    assert load(tmp_path) == (found, common) and len(common) == 2  # the template, and 机关#第甲子项… (numbers do not count)
    this_year, last_year = {"sections": sections(this)}, {"sections": sections(last)}
    assert copied_between(this_year, last_year, common) == pytest.approx(90 / 150)
    assert copied_between(this_year, None, common) is None


def generated_archive(seed=7, bodies=60, years=(2019, 2020, 2021), lifts=8):
    """Narratives from tests/gen/copies.py: {(body, year): Year}, the lifts as (target, source) keys."""
    import random

    from tests.gen.copies import body_years, lift

    rng = random.Random(seed)
    archive = {}
    for b in range(bodies):
        for year, narrative in body_years(rng, list(years), rng.choice([0.0, 0.5, 0.75, 1.0])).items():
            archive[(f"body{b}", year)] = narrative
    pairs = []
    for n in range(lifts):  # body 2n lifts five sentences of body 2n+1's last report
        target, source = (f"body{2 * n}", years[-1]), (f"body{2 * n + 1}", years[-1])
        lift(rng, archive[target], archive[source], "/".join(map(str, source)), 5)
        pairs.append((target, source))
    return archive, pairs


def test_generated_copies_are_measured_as_the_generator_made_them():
    archive, pairs = generated_archive()
    key = lambda body, year: f"{body}/{year}"  # noqa: E731
    found, _ = analyse([Narrative.of(key(*k), k[0], k[1], narrative.sections()) for k, narrative in archive.items()])
    for k, narrative in archive.items():
        got = found[key(*k)].copied
        assert (got is None) == (narrative.copied is None) and (got is None or got == pytest.approx(narrative.copied)), k
    involved = {body for pair in pairs for body, _ in pair}
    for target, source in pairs:
        lifted = archive[target].lifted_chars
        assert {s["id"]: s["chars"] for s in found[key(*target)].shared}.get(key(*source)) == lifted
        assert key(*target) in {s["id"] for s in found[key(*source)].shared}
    assert all(not found[key(*k)].shared for k in archive if k[0] not in involved)
    assert sum(n.copied == 1.0 for n in archive.values()) > 5 and sum(n.copied == 0.0 for n in archive.values()) > 5
