"""Search snippets as safe HTML: the text is escaped first, then search's match marks become <mark>."""
from markupsafe import Markup, escape

from search.query.find import MARK


def highlight(text: str) -> Markup:
    """`text` escaped, each 【match】 pair search/query/find.py put in turned into <mark>match</mark>.

    Only whole pairs are converted, so a stray bracket from the report stays text.
    """
    out, rest = [], str(text)
    while True:
        start = rest.find(MARK[0])
        end = rest.find(MARK[1], start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            out.append(escape(rest))
            return Markup("").join(out)
        out += [escape(rest[:start]), Markup("<mark>"), escape(rest[start + len(MARK[0]):end]), Markup("</mark>")]
        rest = rest[end + len(MARK[1]):]
