"""A search as URL parameters: `?q=…&year=…&template=…&org=…&tables_read=yes|no&check=RULE&where=KEY OP VALUE&sort=…&page=…`.

The URL is the whole query, so a search can be bookmarked and shared. The filter form also
sends range boxes (`min:KEY`, `max:KEY`) and a key picker (`pick_key`, `pick_op`,
`pick_value`) and a sort picker (`pick_sort`, `pick_order`); `canonical` folds them into `where`
clauses and `sort`, and the view redirects to that URL.
Parsing a clause is search/'s job (search/query/parse.py); here a clause is only split to fill the form back in.
"""
from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

from search.query.parse import split_where, whole_number  # also what the template splits a clause with, to fill the form back in

PAGE_SIZE = 20
MAX_LIMIT = 500  # hits one API answer may carry: limit=0 once meant all of them, 22.7 MB at 3,600 reports
PICK_OPS = (">=", "<=", "=", "!=", ">", "<")
BODY_KEYS = ("region", "level", "kind", "body", "timeliness")  # who issued it, and when (compare/)
FILTER_NAMES = ("q", "year", "template", "org", "tables_read", "check", "view") + BODY_KEYS  # single-valued, kept as typed


def canonical(args: MultiDict) -> MultiDict:
    """The URL parameters of the search `args` describe, form extras folded into `where`; page reset
    when the filters changed."""
    where = [w.strip() for w in args.getlist("where") if w.strip()]
    for name, value in args.items(multi=True):
        bound = name.split(":", 1)
        if len(bound) == 2 and bound[0] in ("min", "max") and value.strip():
            where.append(f"{bound[1]}{'>=' if bound[0] == 'min' else '<='}{value.strip()}")
    key, op, value = (args.get(n, "").strip() for n in ("pick_key", "pick_op", "pick_value"))
    if key and value:
        where.append(f"{key}{op if op in PICK_OPS else '>='}{value}")
    out = MultiDict()
    for name in FILTER_NAMES:
        if args.get(name, "").strip():
            out[name] = args[name].strip()
    for clause in dict.fromkeys(where):
        out.add("where", clause)
    sort = args.get("sort", "")
    if "pick_sort" in args:
        sort = ("-" if args.get("pick_order") == "desc" else "") + args["pick_sort"] if args["pick_sort"] else ""
    if sort:
        out["sort"] = sort
    if args.get("page", "1") not in ("", "1") and not has_form_extras(args):
        out["page"] = args["page"]
    return out


def has_form_extras(args: MultiDict) -> bool:
    """Whether the request came from the filter form rather than a canonical URL."""
    return any(name.startswith(("min:", "max:", "pick_")) for name in args)


def number_param(args: MultiDict, name: str, label: str, default: int, least: int) -> int:
    """The parameter `name` as a whole number of at least `least` (`default` when absent); QueryError in the user's words."""
    raw = (args.get(name) or "").strip()
    return whole_number(name, label, raw, minimum=least) if raw else default


def search_kwargs(args: MultiDict) -> dict:
    """Keyword arguments for search.query.find.search from canonical URL parameters; QueryError for a bad year."""
    year = number_param(args, "year", "年度", 0, 0)
    return {
        "text": args.get("q", ""),
        "where": args.getlist("where"),
        "year": year or None,
        "template": args.get("template") or None,
        "org": args.get("org") or None,
        "tables_read": args.get("tables_read") or None,
        "check": args.get("check") or None,
        "sort": args.get("sort") or None,
        **{name: args.get(name) or None for name in BODY_KEYS},
    }


def page_number(args: MultiDict) -> int:
    return number_param(args, "page", "页码", 1, 1)


def window(args: MultiDict) -> tuple[int, int]:
    """(offset, limit) of an API request: `limit` (default PAGE_SIZE, at most MAX_LIMIT) hits from
    `offset`, or from page `page` (from 1) when no offset is given."""
    limit = min(number_param(args, "limit", "每页条数", PAGE_SIZE, 1), MAX_LIMIT)
    if args.get("offset"):
        return number_param(args, "offset", "起始位置", 0, 0), limit
    return (page_number(args) - 1) * limit, limit


def range_values(args: MultiDict, keys: Iterable[str]) -> tuple[dict[str, list[str]], list[str]]:
    """{key: (min, max)} for the range boxes, read back from `where` clauses of the form KEY>=v / KEY<=v;
    and the clauses that no range box shows (listed as removable chips)."""
    ranges = {key: ["", ""] for key in keys}
    others = []
    for clause in args.getlist("where"):
        parts = split_where(clause)
        if parts and parts[0] in ranges and parts[1] in (">=", "<="):
            ranges[parts[0]][0 if parts[1] == ">=" else 1] = parts[2]
        else:
            others.append(clause)
    return ranges, others


def without(args: MultiDict, name: str, value: str | None = None) -> MultiDict:
    """The URL parameters minus one (or every) value of `name`: for "remove this filter" links and pages."""
    out = MultiDict(args)
    kept = [v for v in out.getlist(name) if value is not None and v != value]
    out.setlist(name, kept)
    out.pop("page", None)
    return out


def with_page(args: MultiDict, page: int) -> MultiDict:
    out = MultiDict(args)
    out["page"] = str(page)
    return out


def replaced(args: MultiDict, **values: str) -> MultiDict:
    """The URL parameters with `values` set (an empty value removes the parameter), back on page 1:
    for facet links, sortable column headers and the list/table switch."""
    out = MultiDict(args)
    out.pop("page", None)
    for name, value in values.items():
        out.pop(name, None)
        if value:
            out[name] = value
    return out
