"""The one error a reader raises for input it cannot turn into a record."""


def printable(text: object) -> str:
    """`text` with control characters escaped: a file name holding a newline must not split the one line a person sees."""
    text = str(text)
    return text if text.isprintable() else "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class ReportError(Exception):
    """A file that is not a readable annual report; `str()` is the one line a person sees."""

    def __init__(self, path, reason):
        super().__init__(f"{printable(path)}: {reason}")
        self.path = str(path)
        self.reason = reason
