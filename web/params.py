"""A search as URL parameters: `?q=…&year=…&template=…&org=…&tables_read=yes|no&where=KEY OP VALUE&sort=…&page=…`.

The URL is the whole query, so a search can be bookmarked and shared. The filter form also
sends range boxes (`min:KEY`, `max:KEY`) and a key picker (`pick_key`, `pick_op`,
`pick_value`); `canonical` folds them into `where` clauses and the view redirects to that URL.
Parsing a clause is search/'s job (search/query/parse.py); here a clause is only split to fill the form back in.
"""
from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

from search.query.parse import split_where  # also what the template splits a clause with, to fill the form back in

PAGE_SIZE = 20
PICK_OPS = (">=", "<=", "=", "!=", ">", "<")
SORTS = {"": "相关度", "-year": "年份（新→旧）", "year": "年份（旧→新）", "-published": "发布日期（新→旧）"}
BODY_KEYS = ("region", "level", "kind", "body", "timeliness")  # who issued it, and when (compare/)
URL_KEYS = ("q", "year", "template", "org", "tables_read") + BODY_KEYS + ("where", "sort", "page")


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
    for name in ("q", "year", "template", "org", "tables_read") + BODY_KEYS:
        if args.get(name, "").strip():
            out[name] = args[name].strip()
    for clause in dict.fromkeys(where):
        out.add("where", clause)
    if args.get("sort"):
        out["sort"] = args["sort"]
    if args.get("page", "1") not in ("", "1") and not has_form_extras(args):
        out["page"] = args["page"]
    return out


def has_form_extras(args: MultiDict) -> bool:
    """Whether the request came from the filter form rather than a canonical URL."""
    return any(name.startswith(("min:", "max:", "pick_")) for name in args)


def search_kwargs(args: MultiDict) -> dict:
    """Keyword arguments for search.query.find.search from canonical URL parameters; ValueError for a bad year/page."""
    year = args.get("year")
    return {
        "text": args.get("q", ""),
        "where": args.getlist("where"),
        "year": int(year) if year else None,
        "template": args.get("template") or None,
        "org": args.get("org") or None,
        "tables_read": args.get("tables_read") or None,
        "sort": args.get("sort") or None,
        **{name: args.get(name) or None for name in BODY_KEYS},
    }


def page_number(args: MultiDict) -> int:
    page = int(args.get("page") or 1)
    if page < 1:
        raise ValueError("page must be 1 or more")
    return page


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
