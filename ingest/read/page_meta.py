"""What a saved web page says about itself in its <head>: when it was published and its address.

Government CMSs write the publication date in one of a few <meta> names (TRS and its kin:
`PubDate`, `publishdate`, `firstpublishedtime`; others Open Graph's `article:published_time`
or Dublin Core's `dc.date`), any letter case; the address in `<link rel="canonical">`,
`og:url` or `<meta name="url">`. A value that is no date or no absolute address is left out.
"""
import lxml.html

from ingest.dates import find_date

# Meta names holding the publication date, most specific first (lower case).
PUBLISHED_NAMES = ("pubdate", "publishdate", "publish_date", "publishdatetime", "firstpublishedtime",
                   "article:published_time", "dc.date.issued", "dcterms.issued", "dc.date", "og:release_date")
URL_NAMES = ("og:url", "url")


def _metas(root):
    """{lower-case name or property: content} of the page's <meta> tags, the first of each name."""
    found = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content:
            found.setdefault(name, content)
    return found


def _absolute(address):
    address = (address or "").strip()
    return address if address.lower().startswith(("http://", "https://")) and " " not in address else None


def page_meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    """{"published": ISO date, "url": address} for what the page states (keys absent otherwise)."""
    metas, meta = _metas(root), {}
    published = next((d for name in PUBLISHED_NAMES if name in metas for d in [find_date(metas[name])] if d), None)
    if published:
        meta["published"] = published
    canonical = [link.get("href") for link in root.iter("link")
                 if "canonical" in (link.get("rel") or "").lower().split()]
    url = next((u for u in canonical + [metas.get(name) for name in URL_NAMES] if _absolute(u)), None)
    if url:
        meta["url"] = url.strip()
    return meta
