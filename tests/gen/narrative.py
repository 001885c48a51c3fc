"""Narrative sections and meta of a random report: org, title, preamble, overview, problems, other.

Paragraphs are joined with "\n"; that is what a perfect reader hands back (whitespace does
not count when gold files are compared).
"""
from . import vocab


def random_org(rng):
    """An issuing body as a title prints it: 红椿镇人民政府, 椿坪区教育局, …"""
    place = "".join(rng.sample(vocab.SYLLABLES, rng.choice([2, 2, 2, 3])))
    return rng.choice(vocab.ORG_PATTERNS).format(p=place)


def self_name(org):
    """我镇 / 我局 / …: how the body calls itself."""
    return next((name for suffix, name in vocab.SELF_NAMES if org.endswith(suffix)), "本机关")


def random_dated(year, rng):
    """The ISO date a report for `year` is signed with: in the first quarter of the next year."""
    return f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n):
    """1–31 as a report writes a month or a day: 一, 十, 十二, 二十, 二十八."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else "") + (_CN_DIGITS[ones] if ones else "")


def dated_line(record):
    """The line a report ends with, its date as offices print it: 2021年1月20日, 二〇二一年一月二十日,
    2021年01月20日 or 2021-01-20 (which form follows from the date, so drawing it takes no random numbers)."""
    year, month, day = (int(part) for part in record["dated"].split("-"))
    forms = [f"{year}年{month}月{day}日",
             "".join(_CN_DIGITS[int(d)] for d in str(year)) + f"年{_cn_number(month)}月{_cn_number(day)}日",
             f"{year}年{month:02d}月{day:02d}日", record["dated"]]
    return forms[(month + day) % len(forms)]


def closing_paragraphs(record):
    """What a writer prints after the 其他需要报告的事项 text: the date line, when the record has one."""
    return [dated_line(record)] if record.get("dated") else []


def random_title(org, year, rng):
    return f"{org}{year}{rng.choice(['年', '年度'])}政府信息公开工作年度报告"


def _fill(text, ctx, rng):
    return text.format(n=rng.randint(12, 3000), m=rng.randint(2, 60), **ctx)


def _preamble(ctx, rng):
    if rng.random() < 0.4:
        return ""
    picks = sorted(rng.sample(range(len(vocab.PREAMBLE)), rng.randint(1, 3)))
    return "".join(_fill(vocab.PREAMBLE[i], ctx, rng) for i in picks)


def _overview(ctx, rng):
    paragraphs = [_fill(s, ctx, rng) for s in rng.sample(vocab.OVERVIEW_INTRO, rng.randint(1, 2))]
    numerals = "一二三四五六"
    for i, (topic, sentences) in enumerate(rng.sample(vocab.OVERVIEW_TOPICS, rng.randint(2, 5))):
        body = "".join(_fill(s, ctx, rng) for s in rng.sample(sentences, rng.randint(1, len(sentences))))
        head = f"（{numerals[i]}）{topic}。"
        paragraphs.extend([head, body] if rng.random() < 0.3 else [head + body])
    return "\n".join(paragraphs)


def _listed(items, rng, end="。"):
    """`一是…；二是…。` — the enumerations real reports are full of."""
    parts = [f"{vocab.ORDINALS[i]}{item}" for i, item in enumerate(items)]
    sep = rng.choice(["；", "。"])
    return sep.join(parts) + end


def _problems(ctx, rng):
    opening = _fill(rng.choice(vocab.PROBLEMS_OPENING), ctx, rng)
    problems = _listed(rng.sample(vocab.PROBLEMS, rng.randint(2, 3)), rng)
    measures = _listed(rng.sample(vocab.MEASURES, rng.randint(2, 4)), rng)
    if rng.random() < 0.5:
        return "\n".join([opening + "主要表现在：" + problems, "下一步，" + ctx["self"] + "将重点做好以下工作：" + measures])
    return "\n".join([opening, "（一）存在的主要问题：" + problems, "（二）改进措施：" + measures])


def random_sections(org, year, rng):
    ctx = {"org": org, "self": self_name(org), "year": year, "city": rng.choice(vocab.CITY_NAMES),
           "area": rng.randint(100, 999), "phone": rng.randint(1000000, 9999999)}
    return {
        "preamble": _preamble(ctx, rng),
        "overview": _overview(ctx, rng),
        "problems": _problems(ctx, rng),
        "other": _fill(rng.choice(vocab.OTHER), ctx, rng),
    }
