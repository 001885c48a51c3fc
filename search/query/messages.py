"""What a user is told about a query or filter they must fix: every message in English (the CLI)
and in Chinese (the web pages and the API), in one table, so the two never drift apart.

A QueryError names its kind and the values the message needs; `str(exc)` is the English line,
`exc.zh` the Chinese one. `user_message` is what the web shows for any error a request's
parameters caused.
"""
from __future__ import annotations

# kind -> (English, Chinese); {names} are filled from the QueryError's values.
MESSAGES = {
    "too_long": ("the query is {length} characters long, over the {limit}-character limit",
                 "检索词太长：{length} 个字符，最多 {limit} 个。"),
    "too_deep": ("the query nests brackets or '-' more than {limit} deep",
                 "检索式的括号或减号嵌套超过 {limit} 层，请简化。"),
    "unknown_field": ("unknown field {name!r} in the query (known: {known})",
                      "检索式里的字段“{name}”不存在（可用：{known_zh}）。"),
    "unclosed_quote": ("unclosed quote in the query: {rest!r}", "检索式里的引号没有配对：{rest}"),
    "field_without_term": ("{name}: needs a term after it", "“{name}:”后面缺少检索词。"),
    "nothing_to_search": ("nothing to search for in {string!r}", "“{string}”里没有可检索的字词。"),
    "unclosed_bracket": ("unclosed ( in the query", "检索式里的左括号“(”没有配对的右括号。"),
    "unmatched_bracket": ("unmatched ) in the query", "检索式里的右括号“)”没有配对的左括号。"),
    "empty_brackets": ("empty ( ) in the query", "检索式里有空括号“( )”。"),
    "misplaced": ("misplaced {item!r} in the query", "检索式里“{item_zh}”的位置不对。"),
    "too_many_filters": ("{count} filters, over the limit of {limit}",
                         "筛选条件太多：{count} 个，最多 {limit} 个。"),
    "malformed_where": ("malformed --where {text!r} (want KEY OP VALUE, OP one of = != < <= > >=)",
                        "筛选条件“{text}”无法理解：应为“字段 比较符 数值”，比较符为 = != < <= > >= 之一。"),
    "not_a_date": ("--where {text!r}: {raw!r} is not a date (want YYYY-MM-DD)",
                   "筛选条件“{text}”：“{raw}”不是日期，请写成 年-月-日（如 2021-01-31）。"),
    "unknown_key": ("unknown key {key!r} in --where {text!r}", "筛选条件“{text}”：没有“{key}”这个字段。"),
    "not_a_number": ("--where {text!r}: {raw!r} is not a number", "筛选条件“{text}”：“{raw}”不是数字。"),
    "not_finite": ("--where {text!r}: {raw!r} is not a finite number", "筛选条件“{text}”：“{raw}”不是有限的数值。"),
    "whole_numbers": ("--where {text!r}: {key} holds whole numbers", "筛选条件“{text}”：该字段只有整数，“{raw}”不是整数。"),
    "unknown_level": ("unknown level {level!r} (known: {known})", "层级“{level}”不存在（可用：{known}）。"),
    "unknown_timeliness": ("unknown timeliness {value!r} (known: {known})", "发布时限只能是 {known} 之一，不是“{value}”。"),
    "unknown_template": ("unknown template {template!r} (known: {known})", "模板“{template}”不存在（可用：{known}）。"),
    "unknown_tables_read": ("unknown --tables-read {value!r} (known: {known})",
                            "“表格已读取”只能是 {known} 之一，不是“{value}”。"),
    "unknown_sort": ("unknown sort key {key!r} (use year, published, dated or a SCHEMA field key)",
                     "无法按“{key}”排序：请用 year、published、dated 或表格字段。"),
    "not_whole": ("{name} must be a whole number, not {raw!r}", "{label}必须是整数，“{raw}”不是。"),
    "below_minimum": ("{name} must be {minimum} or more, not {raw!r}", "{label}不能小于 {minimum}（收到“{raw}”）。"),
}
GENERIC_ZH = "请求的参数无法理解。"  # a ValueError that no QueryError described: never shown raw


class QueryError(ValueError):
    """A query or filter the user must fix; str() is the one English line the CLI prints, .zh the Chinese one."""

    def __init__(self, kind: str, **values: object) -> None:
        self.kind, self.values = kind, values
        super().__init__(MESSAGES[kind][0].format(**values))

    @property
    def zh(self) -> str:
        return MESSAGES[self.kind][1].format(**self.values)


def user_message(exc: Exception) -> str:
    """The Chinese words the web shows for an error in a request's parameters."""
    return exc.zh if isinstance(exc, QueryError) else GENERIC_ZH
