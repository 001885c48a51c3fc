"""The one error a reader raises for input it cannot turn into a record."""


class ReportError(Exception):
    """A file that is not a readable annual report; `str()` is the one line a person sees."""

    def __init__(self, path, reason):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
