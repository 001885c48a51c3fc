"""Narrative lines that a PDF or a dump wrapped are joined again; real paragraph ends are kept."""
from ingest.document import paragraphs

WRAPPED = [
    "本报告由某市某区人民政府办公室根据《中华人民共和",
    "国政府信息公开条例》（国令第711 号）（以下简称《条例》）",
    "要求编制此报告。报告中所列数据统计期限自2023 年1 月1 日",
    "起至2023 年12 月31 日止。如对本报告有疑问，请与办公室联",
    "系（地址：某市某区某大道90号，邮编：223100）。",
]


def test_a_sentence_wrapped_over_lines_is_one_paragraph():
    # the third line has more characters than the others (half-width digits) but is no wider on the page
    assert paragraphs(WRAPPED) == "".join(WRAPPED)


def test_a_closing_bracket_ends_a_paragraph_only_after_sentence_punctuation():
    lines = ["全年共召开政务公开专题会议四次，研究部署重点工作。（完）",
             "二是加强政策解读，围绕群众关注的热点问题开展解读。”",
             "（二）依申请公开情况。全年共收到政府信息公开申请二十一件。"]
    assert paragraphs(lines) == "\n".join(lines)


def test_a_short_line_and_an_enumerated_point_start_new_paragraphs():
    lines = ["一是完善制度，建立健全政府信息公开工作机制，规范办理流程，",
             "提高工作质量。总体运行平稳",
             "二是加强培训，组织开展政务公开业务培训两次，参训人员五十人次。"]
    assert paragraphs(lines) == lines[0] + lines[1] + "\n" + lines[2]
