"""The segmenter's user dictionary: jieba's file format, the data folder's own file over the
packaged one, and a fingerprint the index records so a changed dictionary is never silent.

The format is jieba's `load_userdict`: one entry a line, `word [freq] [tag]`, where the
frequency is digits and the tag lower-case letters, each after one space; the word is the
rest of the line and may hold spaces (`Edu Trust认证 2000`, `凱特琳 nz`). The file is UTF-8
(a BOM is ignored), surrounding whitespace and blank lines are ignored. One addition: a
line starting with `#` is a comment (jieba would add it as a word no text holds).

Words are cut in the index and in queries with the same dictionary; a report indexed under
another one is cut differently and silently missed, so the index records the fingerprint
of the dictionary it was built with (search/index.py) and searching refuses when they differ.
"""
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

PACKAGED = Path(__file__).with_name("userdict.txt")
DATA_FILE = "userdict.txt"  # a data folder's own dictionary, used instead of the packaged one
# A word listed without a frequency gets this one: high enough that the user's term wins
# over the stock dictionary's split (jieba would compute the least frequency that keeps it whole).
DEFAULT_FREQ = 100000
_ENTRY = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")  # jieba's re_userdict: word, frequency, tag


class DictionaryError(ValueError):
    """A dictionary file that cannot be read; str() names the file and the reason."""


@dataclass(frozen=True)
class Dictionary:
    """One dictionary file as read; equal (and hashed) by path and fingerprint, so segmenters can be cached by it."""
    path: Path
    fingerprint: str  # sha256 of the words and frequencies: what the segmentation depends on
    words: dict = field(compare=False)  # {lower-cased word: frequency} in file order; a word listed twice keeps its last
    tags: dict = field(compare=False)  # {lower-cased word: tag} of the entries that give one


def parse(data: bytes, path: str | Path) -> Dictionary:
    """The Dictionary of a file's bytes, read as jieba reads a user dictionary."""
    words, tags = {}, {}
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        try:
            line = raw.strip().decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            raise DictionaryError(f"{path}: line {lineno} is not UTF-8 (a user dictionary must be)") from None
        if not line or line.startswith("#"):
            continue
        word, freq, tag = _ENTRY.match(line).groups()
        word = word.lower()
        words[word] = int(freq) if freq else DEFAULT_FREQ
        if tag:
            tags[word] = tag.strip()
    canonical = json.dumps(sorted(words.items()), ensure_ascii=False).encode("utf-8")
    return Dictionary(Path(path), hashlib.sha256(canonical).hexdigest(), words, tags)


def path_for(root: str | Path) -> Path:
    """The dictionary file a data folder uses: its own `userdict.txt`, else the packaged one."""
    own = Path(root) / DATA_FILE
    return own if own.is_file() else PACKAGED


_LOADED = {}  # path -> (size, mtime_ns, Dictionary): a search re-reads the file only when it changed


def load(path: str | Path) -> Dictionary:
    """The Dictionary in `path`, parsed again only when the file changed; DictionaryError if unreadable."""
    path = Path(path)
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns)
        cached = _LOADED.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        found = parse(path.read_bytes(), path)
    except OSError as exc:
        raise DictionaryError(f"{path}: {exc.strerror or exc}") from None
    _LOADED[path] = (stamp, found)
    return found


def for_data(root: str | Path) -> Dictionary:
    """The Dictionary a data folder's index and searches use."""
    return load(path_for(root))
