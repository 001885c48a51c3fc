"""How the text of a .docx is marked up: plainly (one run), or as offices' files really hold it.

`Office` writes what drafting in Word leaves behind: tracked changes (a number deleted and
another inserted, w:del/w:ins), totals as table formulas (w:fldSimple, or begin/separate/end
field runs), content controls around runs, cells and rows (w:sdt), dates as Chinese Word's
smart tags, short rows closed with w:gridAfter instead of empty cells.
"""
import re
from xml.sax.saxutils import escape

_NUMBER = re.compile(r"^[0-9０-９,，.．]+$")
_YEAR = re.compile(r"((?:19|20)\d\d年)")


def run(text):
    return f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


_LIST_NUMBER = re.compile(r"^(?:[一二三四五六]、|\d\.(?=\D))")
_NUM_PR = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'


class Plain:
    """One run per paragraph; with `numbered`, heading and item numbers (一、 1.) come from Word's
    list numbering, so they are not in the text."""

    def __init__(self, numbered=False):
        self.numbered = numbered

    def number(self, text):
        """(text without its number, paragraph properties that number it)."""
        m = _LIST_NUMBER.match(text) if self.numbered else None
        return (text[m.end():], _NUM_PR) if m else (text, "")

    def runs(self, text):
        return run(text) if text else ""

    def cell_content(self, paras):
        return paras

    def row(self, tr):
        return tr

    gap_after = False


class Office(Plain):
    gap_after = True

    def __init__(self, rng):
        super().__init__()
        self.rng = rng

    def runs(self, text):
        rng = self.rng
        if not text:
            return ""
        if _NUMBER.match(text):
            kind = rng.choice(["plain", "plain", "tracked", "field", "complex", "sdt"])
            if kind == "tracked":
                return (f'<w:del w:id="{rng.randint(1, 9999)}" w:author="办公室" w:date="2021-01-10T09:00:00Z">'
                        f'<w:r><w:delText>{rng.randint(0, 999)}</w:delText></w:r></w:del>'
                        f'<w:ins w:id="{rng.randint(1, 9999)}" w:author="办公室" w:date="2021-01-10T09:00:00Z">{run(text)}</w:ins>')
            if kind == "field":
                return f'<w:fldSimple w:instr=" =SUM(LEFT) ">{run(text)}</w:fldSimple>'
            if kind == "complex":
                return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> =SUM(ABOVE) </w:instrText></w:r>'
                        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(text)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')
            if kind == "sdt":
                return f'<w:sdt><w:sdtPr><w:id w:val="{rng.randint(1, 99999)}"/></w:sdtPr><w:sdtContent>{run(text)}</w:sdtContent></w:sdt>'
            return run(text)
        out = []
        for part in _YEAR.split(text):
            if _YEAR.fullmatch(part) and rng.random() < 0.7:
                out.append('<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
                           f'<w:smartTagPr><w:attr w:name="Year" w:val="{part[:4]}"/></w:smartTagPr>{run(part)}</w:smartTag>')
            elif part and rng.random() < 0.1:
                out.append(f'<w:ins w:id="{rng.randint(1, 9999)}" w:author="张三" w:date="2021-01-12T10:00:00Z">{run(part)}</w:ins>')
            elif part:
                out.append(run(part))
        return "".join(out)

    def cell_content(self, paras):
        if self.rng.random() < 0.1:
            return f'<w:sdt><w:sdtPr><w:id w:val="{self.rng.randint(1, 99999)}"/></w:sdtPr><w:sdtContent>{paras}</w:sdtContent></w:sdt>'
        return paras

    def row(self, tr):
        if self.rng.random() < 0.08:
            return f'<w:sdt><w:sdtPr><w:id w:val="{self.rng.randint(1, 99999)}"/></w:sdtPr><w:sdtContent>{tr}</w:sdtContent></w:sdt>'
        return tr
