"""Narratives that copy and narratives that are fresh, with the truth of what was copied.

A body's narrative is the template's wording every body prints (TEMPLATE) and sentences of its
own. Each year after the first keeps a chosen share of last year's own sentences (a copy) or
none (fresh); some bodies also lift passages from another body's report. The truth is counted
here from the sentences written, by construction: an own sentence is plain Chinese characters
ending in 。, so its letters (str.isalnum: Chinese characters are) are what a reader comparing
text sees; a body's fixed sentences (one naming it and its region, printed every year) count too.
"""
import random
from dataclasses import dataclass, field

from . import vocab

TEMPLATE = (  # printed by every body: the boilerplate a copying measure must not count
    "本报告根据中华人民共和国政府信息公开条例和国务院办公厅政府信息与政务公开办公室相关要求编制。",
    "本报告中所列数据的统计期限自一月一日起至十二月三十一日止。",
)
_WORDS = ("推进", "落实", "规范", "完善", "加强", "深化", "建设", "优化", "健全", "统筹", "公开", "办理", "答复", "监督",
          "平台", "制度", "专栏", "目录", "台账", "培训", "政策", "解读", "群众", "企业", "窗口", "热线", "考核", "整改")
OWN_WORDS = (12, 20)  # words in an own sentence: 24–40 characters, well over compare/copying.MIN_PASSAGE_CHARS


def own_sentence(rng: random.Random) -> str:
    """A sentence no other body prints: a random run of words around a random place name."""
    place = "".join(rng.sample(vocab.SYLLABLES, 3))
    words = [rng.choice(_WORDS) for _ in range(rng.randint(*OWN_WORDS))]
    words.insert(rng.randrange(len(words)), place)
    return "".join(words) + "。"


def chars(sentences) -> int:
    """Characters a reader compares: letters, no punctuation."""
    return sum(ch.isalnum() for s in sentences for ch in s)


@dataclass
class Year:
    """One year's narrative of a body and its truth: the share of its own text kept from the year before
    (None for a body's first year), and the other body's report it lifted passages from, with how much."""
    own: list[str]  # its own sentences this year, the fixed ones first
    fixed: int = 0  # how many of `own` are fixed (printed every year, opening the preamble)
    copied: float | None = None
    lifted_from: str | None = None  # a key of the other body's report: "<body>/<year>"
    lifted_chars: int = 0
    lifted: list[str] = field(default_factory=list)

    def sections(self) -> dict:
        fixed, rest = self.own[:self.fixed], self.own[self.fixed:]
        return {"preamble": "".join(fixed) + "".join(TEMPLATE), "overview": "\n".join(rest + self.lifted),
                "problems": "", "other": ""}


def body_years(rng: random.Random, years: list[int], copy_share: float, own_count: int = 12,
               fixed: tuple[str, ...] = ()) -> dict[int, Year]:
    """A body's narratives over `years`: each year whose year before is among them keeps `copy_share` of
    last year's own sentences (rounded down; 0: fresh) and writes the rest anew; `fixed` sentences every year."""
    out = {}
    for year in years:
        last = out.get(year - 1)
        if last is None:
            out[year] = Year(list(fixed) + [own_sentence(rng) for _ in range(own_count)], len(fixed))
            continue
        kept = rng.sample(last.own[len(fixed):], int(own_count * copy_share))
        rest = kept + [own_sentence(rng) for _ in range(own_count - len(kept))]
        rng.shuffle(rest)
        own = list(fixed) + rest
        out[year] = Year(own, len(fixed), copied=chars(list(fixed) + kept) / chars(own))
    return out


def lift(rng: random.Random, target: Year, source: Year, source_key: str, count: int) -> None:
    """Make `target` print `count` of `source`'s own sentences too (another body's long passages); its
    `copied` truth then counts them among its own text."""
    target.lifted = rng.sample(source.own[source.fixed:], count)
    target.lifted_from, target.lifted_chars = source_key, chars(target.lifted)
    if target.copied is not None:
        kept = target.copied * chars(target.own)
        target.copied = kept / (chars(target.own) + target.lifted_chars)
