"""Searching the index: `parse.py` reads the search syntax and filters, `find.py` runs a search
(the one entry point of the CLI and the web app), `docsets.py` evaluates it over `postings.py`'s
posting lists and `columns.py`'s number columns, all read through `snapshot.py`'s open searcher."""
