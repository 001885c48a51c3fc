"""The histogram of the hits' procurement totals: every report lands in exactly one bar."""
import re

from web import charts

MONEY = [0, 0, 3, 5.5, 12, 40, 400, 4453.4018, 917239.69]  # 万元: towns beside a county's outlier


def test_money_over_many_orders_of_magnitude_gets_a_bar_per_decade():
    edges = charts.decade_bins(MONEY)
    assert edges[0] == (0, 0, 2)
    assert [lo for lo, _, _ in edges[1:]] == [1, 10, 100, 1000, 10000, 100000]
    assert [c for _, _, c in edges[1:]] == [2, 2, 1, 1, 0, 1]
    svg = str(charts.histogram(MONEY, "分布", "万元"))
    assert "每格十倍" in svg and "1,000–10,000 万元：1 份报告" in svg


def test_evenly_spread_numbers_keep_equal_width_bins():
    values = [12, 15, 18, 22, 25, 31, 38, 44]
    assert not charts.is_skewed(values)
    edges = charts.bins(values)
    assert sum(c for _, _, c in edges) == len(values)
    assert len({round(hi - lo, 6) for lo, hi, _ in edges}) == 1
    svg = str(charts.histogram(values, "分布", "件"))
    assert "等宽" in svg and len(re.findall(r'<rect class="bar"', svg)) == len(edges)
