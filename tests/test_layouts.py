"""What carries over between the 2019 and 2021 layouts (SCHEMA.md's key tables, as literals)."""
from compare.layouts import not_carried_over


def test_2021_keys_without_a_2019_counterpart_are_not_carried_over():
    keys = not_carried_over(["2019"], "2021")
    assert {"t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force", "t2.normative.in_force"} <= set(keys)
    assert not {"t3.new.total", "t3.carried_in.natural", "t4.review.total", "t2.license.decisions"} & set(keys)


def test_2019_keys_without_a_2021_counterpart_are_not_carried_over():
    keys = not_carried_over(["2021"], "2019")
    assert {"t2.rules.made", "t2.rules.published", "t2.rules.total", "t2.license.prev"} <= set(keys)
    assert "t2.license.decisions" not in keys


def test_the_same_layout_or_an_unknown_one_leaves_nothing_out():
    assert not_carried_over(["2021"], "2021") == []
    assert not_carried_over([None], "2021") == not_carried_over(["2019"], None) == []
    assert not_carried_over(["2021", "2019"], "2021") == []  # a key one of last year's layouts printed carries over
