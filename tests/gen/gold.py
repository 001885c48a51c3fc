"""Gold files (format: docs/record.md, "Gold files") from expected records, for score.py."""
import re

from tests.gold import OPTIONAL_META

TABLE_MARKERS = ["第二十条", "申请人情况", "行政复议", "结转下年度"]
# Text of a neighbouring heading that a section must not swallow.
NEIGHBOURS = {"preamble": ["总体情况"], "overview": ["主动公开政府信息情况"],
              "problems": ["其他需要报告的事项"], "other": []}


def _phrases(text):
    """Up to three probes: the opening, a middle sentence, the ending."""
    flat = re.sub(r"\s+", "", text)
    if len(flat) <= 24:
        return [flat] if flat else []
    sentences = [s for s in re.split(r"(?<=[。；：])", flat) if len(s) >= 8]
    middle = sentences[len(sentences) // 2][:30] if sentences else flat[len(flat) // 2:][:20]
    return list(dict.fromkeys([flat[:20], middle, flat[-16:]]))


def gold_record(record, file):
    sections = {}
    for name, text in record["sections"].items():
        if not text:
            continue
        excludes = [] if name == "preamble" else list(TABLE_MARKERS)
        sections[name] = {"contains": _phrases(text), "excludes": excludes + NEIGHBOURS[name]}
    return {
        "file": file,
        **{k: record[k] for k in ("title", "org", "year", "template", "fields", "checks", "notes")},
        **{k: record[k] for k in OPTIONAL_META if k in record},
        "sections": sections,
    }
