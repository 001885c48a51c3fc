"""Who issued a report: one stable identity per body across its years, with region, level and kind.

A report's org names its body in many ways (`红椿镇` / `红椿镇人民政府`, `淮安市自然资源局` /
`自然资源局`, a 县 renamed 区). The region comes from the division names in the org (the
gazetteer resolves each to the division it is, renames included), else from the report's own
text where it writes a division name right before the body's name; the level from the region and
the shape of the name; the kind (a department's function) from a small table of function words.
Every value comes with its evidence; what cannot be told is None. `overrides.py` lets a person
correct any of it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ingest.numbers import fold_width

from . import gazetteer

TOWN, COUNTY, CITY, PROVINCE, STATE_COUNCIL = "乡镇/街道", "县级", "地市级", "省级", "国务院部门"
LEVELS = (TOWN, COUNTY, CITY, PROVINCE, STATE_COUNCIL)
GOVERNMENT = "政府"  # the kind of a government's own report (a town's included)
LEVEL_OF_PLACE = {"county": COUNTY, "city": CITY, "province": PROVINCE}
REGION_KEYS = ("province", "city", "county", "town")

# A department's function from the words of its name: (kind, words), the longest word found wins.
# Domain vocabulary of 机构改革 names (old names included: 国土资源 became 自然资源 in 2018).
FUNCTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("自然资源", ("自然资源", "国土资源", "规划和自然资源", "国土", "规划")),
    ("公安", ("公安",)),
    ("市场监管", ("市场监督管理", "市场监管", "工商行政管理", "质量技术监督", "食品药品监督管理")),
    ("生态环境", ("生态环境", "环境保护", "环保")),
    ("住房城乡建设", ("住房和城乡建设", "住房城乡建设", "住建", "城乡建设")),
    ("交通运输", ("交通运输", "交通")),
    ("教育", ("教育",)),
    ("卫生健康", ("卫生健康", "卫生和计划生育", "卫生计生", "卫生")),
    ("人力资源社会保障", ("人力资源和社会保障", "人力资源社会保障", "人社")),
    ("财政", ("财政",)),
    ("税务", ("税务",)),
    ("民政", ("民政",)),
    ("司法", ("司法",)),
    ("农业农村", ("农业农村", "农业", "农村")),
    ("水利", ("水利", "水务")),
    ("应急管理", ("应急管理", "安全生产监督")),
    ("文化旅游", ("文化和旅游", "文化广电和旅游", "文化广电旅游", "文化旅游", "文化", "旅游")),
    ("发展改革", ("发展和改革", "发展改革", "发改")),
    ("统计", ("统计",)),
    ("审计", ("审计",)),
    ("商务", ("商务",)),
    ("科技", ("科学技术", "科技")),
    ("工业信息化", ("工业和信息化", "经济和信息化", "工业信息化", "经信")),
    ("退役军人事务", ("退役军人",)),
    ("医疗保障", ("医疗保障", "医保")),
    ("林业", ("林业", "林草")),
    ("城市管理", ("城市管理", "综合行政执法", "城管")),
    ("政务服务", ("政务服务", "行政审批", "数据局", "大数据")),
    ("政府办公室", ("政府办公室", "政府办公厅", "政府办")),
    ("信访", ("信访",)),
    ("体育", ("体育",)),
    ("气象", ("气象",)),
    ("档案", ("档案",)),
    ("粮食和物资储备", ("粮食",)),
    ("人民防空", ("人民防空", "人防")),
    ("民族宗教", ("民族宗教", "民族事务", "宗教事务")),
)
_KIND_OF_WORD = {word: kind for kind, words in FUNCTION_WORDS for word in words}

GOVERNMENT_SUFFIXES = ("人民政府", "政府")
TOWN_NAME = re.compile(r"^(.{1,12}?(?:镇|乡|街道))(?:人民政府|政府|街道办事处|办事处)?$")
# A ministry-like name without a region: 国务院部门 (自然资源部, 国家统计局, 海关总署, 国务院办公厅).
STATE_COUNCIL_NAME = re.compile(r"^(?:国务院|国家|中国|中华人民共和国).*|^.{2,12}(?:部|总署|总局|委员会)$")
TITLE_TAIL = re.compile(r"(?:[(（]?\d{4}年?[)）]?度?)?(?:年度)?政府信息公开.*$")
ID_PATTERN = re.compile(r"^(?!\.)[\w.-]{1,64}$")  # an id names a registry file: no slash, no space, no leading dot
# A division name counts only where it cannot be the tail of a longer name the gazetteer lacks (源兴县 is not 兴县):
# at the start, after another division name, after an organisation's name (国家税务总局淮安市税务局), or after
# punctuation or one of these words in running text.
ORG_ENDINGS = tuple("局署部会院委厅办")
WORDS_BEFORE_A_PLACE = frozenset("在对为由是年月日及和与从向将把据经")
# The level a division's name says by its suffix, for a division the gazetteer lacks (青溪县人民政府: 县级).
# 市 is left out: a 地级市 and a 县级市 are both 市.
LEVEL_BY_SUFFIX = re.compile(r"^.{1,10}?(自治区|省|自治州|州|盟|县|旗|区)(?=人民政府|政府|[^镇乡街]{1,20}(?:局|委员会|办公室|中心)$)")
LEVEL_OF_SUFFIX = {"自治区": PROVINCE, "省": PROVINCE, "自治州": CITY, "州": CITY, "盟": CITY, "县": COUNTY, "旗": COUNTY, "区": COUNTY}
TEXT_LOOKBACK = 12  # characters before the body's name in its text where a division name is looked for
TEXT_SECTIONS = ("preamble", "overview")  # where a report names itself with its region


@dataclass(frozen=True)
class Body:
    """One issuing body. `id` is the same for every report of it, whatever name variant it used."""
    id: str
    name: str  # canonical: the region's current name and the body's unit (洪泽区人民政府, 淮安市自然资源局, 红椿镇人民政府)
    region: dict = field(default_factory=dict)  # {province, city, county, town}: current names, None where unknown
    level: str | None = None  # one of LEVELS
    kind: str | None = None  # GOVERNMENT, a function of FUNCTION_WORDS, or None
    evidence: dict = field(default_factory=dict)  # {what: {"from": record field or "gazetteer"/"override", "words"}}
    notes: tuple[str, ...] = ()  # what could not be told, and why

    def summary(self) -> dict:
        """{id, name, region, level, kind}: what a search hit or a report's page shows of its body."""
        return {"id": self.id, "name": self.name, "region": self.region, "level": self.level, "kind": self.kind}

    def as_dict(self) -> dict:
        return {**self.summary(), "evidence": self.evidence, "notes": list(self.notes)}


def org_name(record: dict) -> tuple[str, str] | None:
    """(record field, the body's name as the report writes it): the org, else the title without its tail."""
    org = "".join(fold_width(record.get("org") or "").split())
    if org:
        return "org", org
    title = TITLE_TAIL.sub("", "".join(fold_width(record.get("title") or "").split()))
    return ("title", title) if title else None


def function_of(unit: str) -> tuple[str, str] | None:
    """(kind, the word that told it) of a department's name, the longest function word in it."""
    found = [word for word in _KIND_OF_WORD if word in unit]
    if not found:
        return None
    word = max(found, key=len)
    return _KIND_OF_WORD[word], word


def _standalone(text: str, found: list[tuple[int, str]]) -> list[str]:
    """The division names of `found` (gaz.scan of `text`) that stand on their own (see ORG_ENDINGS)."""
    out, end = [], 0
    for pos, name in found:
        before = text[pos - 1] if pos else ""
        if pos == 0 or pos == end and out or before in ORG_ENDINGS or before in WORDS_BEFORE_A_PLACE \
                or not ("\u4e00" <= before <= "\u9fff"):
            out.append(name)
            end = pos + len(name)
    return out


def _resolve(mentions, year, notes):
    """The one place the division names in `mentions` agree on (the most specific), or None with a note."""
    gaz = gazetteer.load()
    options = [gaz.places(name, year) for name in mentions]
    specific = options[-1]
    for broader in options[:-1]:
        keys = {(p.province, p.city) for p in broader} | {(p.province, None) for p in broader}
        narrowed = [p for p in specific if (p.province, p.city) in keys or (p.province, None) in keys
                    or any(b.level == "province" and b.province == p.province for b in broader)]
        specific = narrowed or specific
    keys = {p.key for p in specific}
    if len(keys) == 1:
        return specific[0]
    where = sorted({p.province + (p.city if p.city and p.city != p.province else "") for p in specific})
    notes.append(f"{mentions[-1]} names {len(keys)} divisions ({', '.join(where)}): region left unknown")
    return None


def _text_mentions(record, unit):
    """(section, division names) written right before `unit` in the report's opening sections."""
    gaz = gazetteer.load()
    sections = record.get("sections") or {}
    for section in TEXT_SECTIONS:
        text = "".join(fold_width(sections.get(section) or "").split())
        start = text.find(unit)
        while start > 0:
            before = text[max(0, start - TEXT_LOOKBACK):start]
            found = gaz.scan(before)
            # the names must run up to the unit with nothing between them
            run, end = [], len(before)
            for pos, name in reversed(found):
                if pos + len(name) != end:
                    break
                run.insert(0, (pos, name))
                end = pos
            run = _standalone(text[:start], [(max(0, start - TEXT_LOOKBACK) + pos, name) for pos, name in run])
            if run:
                return f"sections.{section}", run
            start = text.find(unit, start + 1)
    return None


def identify(record: dict, report_id: str | None = None, overrides=None) -> Body | None:
    """The body that issued `record`; None when the report names none (no org, no title).

    `overrides` (overrides.Overrides) corrects it by report id or by name.
    """
    named = org_name(record)
    if named is None:
        return None
    source, raw = named
    year = record.get("year") if isinstance(record.get("year"), int) else None
    gaz = gazetteer.load()
    evidence, notes = {}, []
    mentioned, mentioned_from = _standalone(raw, gaz.scan(raw)), source
    unit = raw
    for name in mentioned:
        unit = unit.replace(name, "", 1)
    town = None
    if m := TOWN_NAME.match(unit):
        town = m.group(1)
        evidence["town"] = {"from": source, "words": town}
    if not mentioned and unit:
        if found := _text_mentions(record, town or unit):
            mentioned_from, mentioned = found
    place = _resolve(mentioned, year, notes) if mentioned else None
    region = dict.fromkeys(REGION_KEYS)
    region["town"] = town
    if place is not None:
        region["province"], region["city"] = place.province, place.city
        if place.level == "county":
            region["county"] = place.current
        renamed = f" (now {place.current})" if place.current != place.name else ""
        evidence["region"] = {"from": mentioned_from, "words": "".join(mentioned) + renamed}
    elif not mentioned and not town:
        notes.append("no division name in the org or before it in the text: region unknown")
    government = unit == "" or unit.endswith(GOVERNMENT_SUFFIXES)
    if town:
        level, kind, unit_name = TOWN, GOVERNMENT, town + ("办事处" if town.endswith("街道") else "人民政府")
        evidence["level"] = evidence["kind"] = {"from": source, "words": town}
    elif government:
        level = LEVEL_OF_PLACE[place.level] if place else None
        kind = GOVERNMENT
        unit_name = "人民政府" if unit in GOVERNMENT_SUFFIXES + ("",) else unit  # a place the gazetteer lacks stays named
        evidence["kind"] = {"from": source, "words": unit or raw}
        if place:
            evidence["level"] = {"from": "gazetteer", "words": f"{place.name}: {place.level}"}
    else:
        unit_name = unit
        if place:
            level = LEVEL_OF_PLACE[place.level]
            evidence["level"] = {"from": "gazetteer", "words": f"{place.name}: {place.level}"}
        elif not mentioned and STATE_COUNCIL_NAME.match(unit):
            level = STATE_COUNCIL
            evidence["level"] = {"from": source, "words": unit}
        else:
            level = None
        function = function_of(unit)
        kind = function[0] if function else None
        if function:
            evidence["kind"] = {"from": source, "words": function[1]}
        else:
            notes.append(f"no function word in {unit!r}: kind unknown")
    if level is None and place is None and not town and (m := LEVEL_BY_SUFFIX.match(raw)):
        level = LEVEL_OF_SUFFIX[m.group(1)]
        evidence["level"] = {"from": source, "words": m.group(0)}
    if level is None:
        notes.append("level unknown")
    if place is None and not town:
        unit_name = raw  # divisions it names that could not be placed stay part of its name
    leading = raw.startswith("".join(mentioned)) and mentioned_from == source
    if town or place is None:
        name = unit_name
    elif leading or not mentioned or mentioned_from != source:
        name = place.current + unit_name
    else:  # the divisions stand inside the name (国家税务总局淮安市税务局): keep its order, current names
        name = raw.replace(mentioned[-1], place.current)
    key = f"{place.level}:{place.key}|{town or unit_name}" if place else f"?|{town or unit_name}"
    body = Body(_slug(key), name, region, level, kind, evidence, tuple(notes))
    if overrides is not None:
        body = overrides.apply(body, report_id, raw)
    return body


def _slug(key: str) -> str:
    """A short stable id for an identity key (its place's gazetteer id and its unit)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
