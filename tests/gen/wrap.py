"""Breaking text the way narrow cells and fixed-width pages break it."""

BLANK_MARKS = ("—", "-", "/", "／", "－")


def chunks(text, width):
    """`text` cut every `width` characters (a cell or page breaks mid-word)."""
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def ragged(text, rng, lo=2, hi=4):
    """`text` cut into random pieces of lo–hi characters, like headers in narrow columns."""
    out, i = [], 0
    while i < len(text):
        n = rng.randint(lo, hi)
        out.append(text[i:i + n])
        i += n
    return out or [""]


def width(text):
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


FULLWIDTH_DIGITS = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def emphasize(paragraph, rng, rate=0.5):
    """Wrap some `一是…。` runs in ** as word processors' bold survives extraction (seed 001)."""
    out, i = [], 0
    while True:
        j = min((paragraph.find(o, i) for o in ("一是", "二是", "三是", "四是") if paragraph.find(o, i) >= 0), default=-1)
        if j < 0:
            out.append(paragraph[i:])
            return "".join(out)
        end = j + 2 if rng.random() < 0.4 else paragraph.find("。", j) + 1 or paragraph.find("；", j) + 1
        if end <= j or rng.random() > rate:
            out.append(paragraph[i:j + 2])
            i = j + 2
            continue
        out.append(paragraph[i:j] + "**" + paragraph[j:end] + "**")
        i = end


def flatten(blocks, record=None, rng=None):
    """The default `finish`: blocks to lines, nothing added."""
    return [line for block in blocks for line in block]


def spaced(text, rng, rate=0.2):
    """`结果 维持`: a space some tools leave where a header cell wrapped."""
    if len(text) == 4 and rng.random() < rate:
        return text[:2] + " " + text[2:]
    return text
