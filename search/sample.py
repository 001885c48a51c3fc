"""Synthetic records (SCHEMA.md shape) for the search tests and benchmark: realistic report
sentences in random order, random table numbers. Independent of the readers and of
tests/generate.py, so the index is measured on its own.

Some sentences hold 政务 and 公开 apart without 政务公开, some hold 培训 only inside a
longer word, so that substring agreement tests have traps to fall into.
"""
import random

from ingest.schema import MONEY_KEYS, T3_HANDLED_OTHER_PARTS, TEMPLATES, field_keys

SENTENCES = (
    "本机关以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "紧紧围绕全年中心工作，持续深化政务公开，不断提升政府工作透明度。",
    "组织开展政务公开业务培训两次，参训人员八十余人次。",
    "依申请公开办理程序进一步规范，严格按照法定时限答复申请人。",
    "加强政务新媒体管理，政务微信公众号全年发布信息三百余条。",
    "围绕重要政策文件开展政策解读，采用图解、视频等多种形式。",
    "通过政府网站、政务公开栏、公示栏等渠道主动公开政府信息。",
    "严格落实保密审查制度，全年未发生泄密事件。",
    "政务服务事项全部进驻便民服务中心，实现一网通办。",
    "基层政务公开标准化规范化建设稳步推进。",
    "政务工作人员对信息公开的认识还有待提高。",
    "公开内容不够全面，政务信息更新不够及时。",
    "部分工作人员业务能力不足，对条例理解不够深入。",
    "下一步将加强业务培训，提高工作人员业务水平。",
    "积极参加上级举办的培训班，学习先进经验。",
    "完善公开目录和公开指南，方便群众查询。",
    "本年度未收到政府信息公开申请，未发生行政复议和行政诉讼。",
    "全年收到依申请公开事项三件，均已按时办结。",
    "主动公开规范性文件五件，均同步进行解读。",
    "建立健全政务公开工作领导小组，明确专人负责。",
    "推进决策公开、执行公开、管理公开、服务公开、结果公开。",
    "及时回应社会关切，做好舆情回应工作。",
    "政府集中采购信息按规定在政府网站公开。",
    "本机关未收取信息公开处理费。",
    "信息发布审核机制仍需完善，个别栏目存在空白。",
    "将政务与公开两项工作统筹考虑，纳入年度目标考核。",
    "围绕优化营商环境，公开涉企政策和办事指南。",
    "开展新闻发布会两场，发布重点工作进展情况。",
    "村务公开与政务公开有效衔接，公开栏内容每季度更新。",
    "组织培训人员赴先进地区考察学习。",
)
SECTION_SIZES = {"preamble": (0, 2), "overview": (3, 12), "problems": (1, 4), "other": (0, 2)}
TOWNS = ("三屯镇", "红椿镇", "洛碛镇", "下冶镇", "山市镇", "洪泽区", "城关镇", "新华街道", "柳林乡", "东坝镇")


def record(rng: random.Random) -> dict:
    """One random record; `rng` is a random.Random, so a seed gives the same records."""
    template = rng.choice(TEMPLATES)
    year = rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2024)
    org = f"{rng.choice(TOWNS)}{rng.choice(('', '人民政府'))}"
    sections = {name: "".join(rng.choices(SENTENCES, k=rng.randint(*size))) for name, size in SECTION_SIZES.items()}
    other_parts = rng.random() < 0.5
    fields = {}
    for key in field_keys(template):
        row = key.rsplit(".", 1)[0][3:]
        if row == "handled_other" and other_parts or row in T3_HANDLED_OTHER_PARTS and not other_parts:
            continue
        if rng.random() < 0.05:
            fields[key] = None
        elif key in MONEY_KEYS:
            fields[key] = round(rng.expovariate(1 / 200), 4)
        else:
            fields[key] = int(rng.expovariate(1 / 5))
    return {
        "schema": 1, "title": f"{org}{year}年政府信息公开工作年度报告", "org": org, "year": year,
        "template": template, "sections": sections, "fields": fields, "checks": [], "notes": [],
    }


def records(count: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    return [record(rng) for _ in range(count)]


def narrative(record: dict) -> str:
    """All narrative text of a record, as a substring scan reads it."""
    return "\n".join(record["sections"].values())
