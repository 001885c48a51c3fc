"""Label wording as published reports print it, next to the template's own wording.

Reports copy the national template by hand, so the same row reads differently from body to
body: a 、 added or dropped, other quotes, a clipped word, the 2019 and 2021 names of a row,
a header broken inside its cell, a heading reworded. `reword_html` swaps the template's
wording for such variants in a generated page, one draw per document, so that a reader is
measured on wording it was not written against.
"""
from html import escape

# (template wording, variants seen in published reports); each a whole cell or heading.
VARIANTS = [
    ("2.其他法律行政法规禁止公开", ["2.其他法律、行政法规禁止公开", "2.其他法律法规禁止公开", "2. 其他法律行政法规禁止公开"]),
    ("3.危及“三安全一稳定”", ['3.危及"三安全一稳定"', "3.危及‘三安全一稳定’", "3.危及三安全一稳定", "3.危及「三安全一稳定」"]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["（二）部分公开", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"]),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     ["1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请", "1.申请人无正当理由逾期不补正"]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     ["2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用"]),
    ("2.没有现成信息需要另行制作", ["2.没有现成信息需另行制作"]),
    ("3.补正后申请内容仍不明确", ["3.补正后申请内容不明确"]),
    ("4.无正当理由大量反复申请", ["4.无正当理由大量、反复申请"]),
    ("5.要求行政机关确认或重新出具已获取信息", ["5.要求行政机关确认或重新出具已获取的信息"]),
    ("（一）予以公开", ["(一)予以公开"]),
    ("（六）其他处理", ["(六)其他处理"]),
    ("（七）总计", ["(七)总计"]),
    ("规范性文件", ["行政规范性文件"]),
    ("行政规范性文件", ["规范性文件"]),
    ("本年新制作数量", ["本年新\n制作数量"]),
    ("本年新公开数量", ["本年新\n公开数量"]),
    ("对外公开总数量", ["对外公开\n总数量"]),
    ("采购总金额（万元）", ["采购总金额"]),
    ("本年收费金额（万元）", ["本年收费金额（单位：万元）", "本年收费金额(单位:万元)"]),
    ("总计", ["合计"]),
    ("四、政府信息公开行政复议、行政诉讼情况",
     ["四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四、政府信息公开行政复议及行政诉讼情况"]),
    ("五、存在的主要问题及改进情况", ["五、政府信息公开工作存在的主要问题及改进情况"]),
]


def _cell(text):
    """A cell's or paragraph's text as the page holds it: escaped, a line break as <br>."""
    return "<br>".join(escape(part, quote=False) for part in text.split("\n"))


def reword_html(page, rng, share=0.6):
    """`page` (str) with about `share` of the template wordings swapped for a drawn variant."""
    for original, variants in VARIANTS:
        if rng.random() < share:
            page = page.replace(f">{_cell(original)}<", f">{_cell(rng.choice(variants))}<")
    return page
