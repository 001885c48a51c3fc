"""Which table keys carry over between the 2019 and 2021 layouts: one rule for every comparison across years.

Keys are named by what a cell counts, so a key both layouts print means the same in both (表三,
表四, 表二's 处理决定数量); a key only one layout prints (2019's 本年新制作数量, 2021's
现行有效件数) has no counterpart and is never matched to a look-alike.
"""
from __future__ import annotations

from collections.abc import Iterable

from ingest.schema import field_keys


def not_carried_over(earlier: Iterable[str | None], later: str | None) -> list[str]:
    """The keys of the `later` layout that none of the `earlier` layouts prints, in print order; none when
    a layout is unknown (a pre-2019 report) or the layouts are the same."""
    earlier = set(earlier) - {None}
    if not later or not earlier or earlier == {later}:
        return []
    printed = {key for template in earlier for key in field_keys(template)}
    return [key for key in field_keys(later) if key not in printed]
