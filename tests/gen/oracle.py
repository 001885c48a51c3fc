"""The consistency rules of SCHEMA.md, spelled out a second time, for the tests' expectations.

`ingest/tables/checks.py` derives its rules from `ingest/schema.py`; if the generator asked it which
rules a record breaks, deleting a rule there would change the expected `checks` with it and no
test could notice. This module shares nothing with it: the rows, columns and groups are literal
lists copied from SCHEMA.md, and every rule is written out as the equation the template prints.

    rules(fields)        -> {rule name: [the keys of the cells it adds up]}   (rules that apply)
    broken_rules(fields) -> sorted rule names whose printed value disagrees with its sum
"""

APPLICANT_COLUMNS = ["natural", "commercial", "research", "social", "legal", "other"]
T3_COLUMNS = APPLICANT_COLUMNS + ["total"]
# 三、本年度办理结果 (一) to (六), as SCHEMA.md's table of 表三 rows lists them.
T3_RESULT_ROWS_BEFORE_OTHER = [
    "granted", "partial",
    "denied.secret", "denied.law", "denied.safety", "denied.third_party",
    "denied.internal", "denied.process", "denied.enforcement", "denied.query",
    "unable.not_held", "unable.need_create", "unable.unclear",
    "rejected.petition", "rejected.duplicate", "rejected.publication", "rejected.excessive", "rejected.confirm",
]
HANDLED_OTHER_ONE_ROW = "handled_other"
HANDLED_OTHER_PARTS = ["handled_other.overdue_supplement", "handled_other.unpaid_fee", "handled_other.misc"]
T3_ALL_ROWS = (["new", "carried_in"] + T3_RESULT_ROWS_BEFORE_OTHER + [HANDLED_OTHER_ONE_ROW] + HANDLED_OTHER_PARTS
               + ["total", "carried_out"])
T4_GROUPS = ["review", "suit_direct", "suit_after_review"]
T4_RESULTS = ["upheld", "corrected", "other", "pending"]


def _number(fields, key):
    """A blank (null) or absent cell counts as 0 in every sum (SCHEMA.md)."""
    value = fields.get(key)
    return value if value is not None else 0


def _has_table_three(fields):
    for key in fields:
        if key.split(".")[0] == "t3":
            return True
    return False


def _result_rows(fields):
    """(六) as printed: its three 2021 parts when the report prints any of them, else the one row."""
    splits_other = False
    for part in HANDLED_OTHER_PARTS:
        for column in T3_COLUMNS:
            if f"t3.{part}.{column}" in fields:
                splits_other = True
    if splits_other:
        return T3_RESULT_ROWS_BEFORE_OTHER + HANDLED_OTHER_PARTS
    return T3_RESULT_ROWS_BEFORE_OTHER + [HANDLED_OTHER_ONE_ROW]


def _equations(fields):
    """(rule name, printed key, [(sign, key), ...] whose signed sum the printed value must equal)."""
    equations = []
    if _has_table_three(fields):
        results = _result_rows(fields)
        for column in T3_COLUMNS:
            # 勾稽关系: new + carried_in == total + carried_out, i.e. total == new + carried_in - carried_out.
            equations.append((f"t3.balance.{column}", f"t3.total.{column}",
                              [(+1, f"t3.new.{column}"), (+1, f"t3.carried_in.{column}"),
                               (-1, f"t3.carried_out.{column}")]))
            equations.append((f"t3.total.{column}", f"t3.total.{column}",
                              [(+1, f"t3.{row}.{column}") for row in results]))
        for row in T3_ALL_ROWS:
            equations.append((f"t3.{row}.total", f"t3.{row}.total",
                              [(+1, f"t3.{row}.{column}") for column in APPLICANT_COLUMNS]))
    for group in T4_GROUPS:
        equations.append((f"t4.{group}.total", f"t4.{group}.total",
                          [(+1, f"t4.{group}.{result}") for result in T4_RESULTS]))
    # A rule speaks about a printed value: where the report has no such cell, it does not apply.
    return [equation for equation in equations if equation[1] in fields]


def rules(fields):
    """{rule name: every key of its equation}; the shared name t3.total.total holds both equations' keys."""
    cells = {}
    for name, printed, terms in _equations(fields):
        keys = cells.setdefault(name, [printed])
        keys.extend(key for _, key in terms if key not in keys)
    return cells


def broken_rules(fields):
    """The rule names `checks` must list for `fields`: each once, sorted."""
    broken = set()
    for name, printed, terms in _equations(fields):
        total = 0
        for sign, key in terms:
            total += sign * _number(fields, key)
        if abs(_number(fields, printed) - total) > 1e-9:
            broken.add(name)
    return sorted(broken)
