"""A synthetic geography and the agencies that publish in it: ministries of a 合成国, provinces, cities,
counties/districts, townships/街道, development zones, and the departments of each level under their real
organ names (发展和改革委员会, 人力资源和社会保障局 …).

Every place stem starts with 「合成」 (合成江省, 合成岚市, 合成溪县 …) and the central agencies belong to
「合成国」, so no generated name can be taken for a real agency. Stems are unique across all levels, so a
bare place name (「合成溪」) names one place only. Deterministic for a given `random.Random`.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

SYNTHETIC_MARK = "合成"
CENTRAL_PREFIX = "合成国"

# Characters of place stems. None of them is a place suffix (省市州县区旗镇乡盟), an organ word
# (局厅委办院中心署所队处馆站会), a numeral, an approximation (余多约近) or a function word that the parser
# or the question reader treats as the end of a place (的和与及在由为对本年 …).
STEM_CHARS = (
    "江湖山峰岭川溪泉林桥阳宁安平丰泰华清源昌荣福祥瑞嘉定远明光松柏梅兰桂云霞石玉金银海滨湾沙洲"
    "岗坪塘庄营堡陵原岩浦港汀澄涧苑丘宏盛恒永隆德仁武顺乐康吉鹤凤鹿岚峪崇钧锦翠黎渊澜舟帆雁"
)  # 88 characters: 88 + 88² stems


@dataclass(frozen=True)
class Organ:
    """An organ as it appears after the place in an agency name, and its usual abbreviation."""

    name: str
    short: str  # 人力资源和社会保障局 -> 人社局 (used in 「（以下简称“市人社局”）」)
    kind: str  # government / office / department / zone / township
    weight: float = 1.0  # how big its caseload is, relative to the level's government


def _organs(kind: str, spec: str) -> tuple[Organ, ...]:
    """'name:short:weight' items separated by spaces."""
    out = []
    for item in spec.split():
        name, short, weight = item.split(":")
        out.append(Organ(name, short, kind, float(weight)))
    return tuple(out)


GOVERNMENT = Organ("人民政府", "政府", "government", 1.0)
CENTRAL_ORGANS = _organs(
    "department",
    "教育部:教育部:0.8 科学技术部:科技部:0.3 工业和信息化部:工信部:0.4 公安部:公安部:0.6 民政部:民政部:0.4 "
    "司法部:司法部:0.4 财政部:财政部:0.5 人力资源和社会保障部:人社部:0.7 自然资源部:自然资源部:1.0 "
    "生态环境部:生态环境部:0.6 住房和城乡建设部:住建部:0.8 交通运输部:交通运输部:0.5 水利部:水利部:0.3 "
    "农业农村部:农业农村部:0.4 商务部:商务部:0.4 文化和旅游部:文旅部:0.2 国家卫生健康委员会:国家卫健委:0.5 "
    "退役军人事务部:退役军人部:0.2 应急管理部:应急管理部:0.3 审计署:审计署:0.2 国家统计局:国家统计局:0.2 "
    "国家市场监督管理总局:市场监管总局:0.6 国家医疗保障局:国家医保局:0.3 国家林业和草原局:国家林草局:0.2",
)
PROVINCE_ORGANS = (
    GOVERNMENT,
    *_organs(
        "office",
        "人民政府办公厅:政府办公厅:0.5",
    ),
    *_organs(
        "department",
        "发展和改革委员会:发改委:0.3 教育厅:教育厅:0.3 科学技术厅:科技厅:0.1 工业和信息化厅:工信厅:0.1 "
        "公安厅:公安厅:0.4 民政厅:民政厅:0.2 司法厅:司法厅:0.2 财政厅:财政厅:0.2 "
        "人力资源和社会保障厅:人社厅:0.4 自然资源厅:自然资源厅:0.6 生态环境厅:生态环境厅:0.3 "
        "住房和城乡建设厅:住建厅:0.4 交通运输厅:交通运输厅:0.3 水利厅:水利厅:0.1 农业农村厅:农业农村厅:0.2 "
        "商务厅:商务厅:0.1 文化和旅游厅:文旅厅:0.1 卫生健康委员会:卫健委:0.3 退役军人事务厅:退役军人厅:0.1 "
        "应急管理厅:应急厅:0.1 审计厅:审计厅:0.1 市场监督管理局:市场监管局:0.3 统计局:统计局:0.1 "
        "医疗保障局:医保局:0.1 林业局:林业局:0.1 体育局:体育局:0.05 信访局:信访局:0.1 "
        "地方金融监督管理局:金融监管局:0.05 粮食和物资储备局:粮食和储备局:0.05 民族宗教事务委员会:民宗委:0.05",
    ),
)
CITY_ORGANS = (
    GOVERNMENT,
    *_organs("office", "人民政府办公室:政府办:0.5"),
    *_organs(
        "department",
        "发展和改革委员会:发改委:0.2 教育局:教育局:0.4 科学技术局:科技局:0.1 工业和信息化局:工信局:0.1 "
        "公安局:公安局:0.5 民政局:民政局:0.2 司法局:司法局:0.1 财政局:财政局:0.2 "
        "人力资源和社会保障局:人社局:0.4 自然资源和规划局:自然资源规划局:0.8 生态环境局:生态环境局:0.3 "
        "住房和城乡建设局:住建局:0.6 城市管理局:城管局:0.2 交通运输局:交通运输局:0.2 水务局:水务局:0.1 "
        "农业农村局:农业农村局:0.2 商务局:商务局:0.1 文化广电和旅游局:文广旅局:0.1 卫生健康委员会:卫健委:0.3 "
        "退役军人事务局:退役军人局:0.1 应急管理局:应急局:0.1 审计局:审计局:0.1 市场监督管理局:市场监管局:0.3 "
        "统计局:统计局:0.05 医疗保障局:医保局:0.1 行政审批服务局:行政审批局:0.1 数据资源管理局:数据局:0.05 "
        "信访局:信访局:0.1 住房公积金管理中心:公积金中心:0.05 人民防空办公室:人防办:0.05",
    ),
)
COUNTY_ORGANS = (
    GOVERNMENT,
    *_organs("office", "人民政府办公室:政府办:0.5"),
    *_organs(
        "department",
        "发展和改革局:发改局:0.2 教育和体育局:教体局:0.3 科学技术局:科技局:0.1 工业和信息化局:工信局:0.1 "
        "公安局:公安局:0.4 民政局:民政局:0.2 司法局:司法局:0.1 财政局:财政局:0.2 "
        "人力资源和社会保障局:人社局:0.3 自然资源局:自然资源局:0.7 住房和城乡建设局:住建局:0.5 "
        "交通运输局:交通运输局:0.2 水利局:水利局:0.1 农业农村局:农业农村局:0.2 商务局:商务局:0.1 "
        "文化和旅游局:文旅局:0.1 卫生健康局:卫健局:0.2 退役军人事务局:退役军人局:0.1 应急管理局:应急局:0.1 "
        "审计局:审计局:0.05 市场监督管理局:市场监管局:0.3 统计局:统计局:0.05 医疗保障局:医保局:0.1 "
        "行政审批局:行政审批局:0.1 综合行政执法局:综合执法局:0.3 信访局:信访局:0.1",
    ),
)
TOWNSHIP_GOVERNMENT = Organ("人民政府", "政府", "township", 1.0)
STREET_OFFICE = Organ("办事处", "街道办", "township", 1.0)  # after 「合成X街道」
ZONE_COMMITTEE = Organ("管理委员会", "管委会", "zone", 1.0)

MIN_AGENCIES = 400  # a mix of every level even for a handful of reports
LEVEL_CODES = {"中央": "central", "省级": "province", "市级": "city", "县级": "county", "乡级": "township"}
ZONE_KINDS = ("经济技术开发区", "高新技术产业开发区", "新区", "综合实验区", "经济开发区")


@dataclass(frozen=True)
class Place:
    """A region: its full name (合成溪县), its stem (合成溪), its level and its parents (outermost first)."""

    name: str
    stem: str
    level: str  # 省级 / 市级 / 县级 / 乡级
    parents: tuple[Place, ...] = ()

    @property
    def chain(self) -> tuple[str, ...]:
        return (*(p.name for p in self.parents), self.name)


@dataclass(frozen=True)
class Agency:
    """A publishing agency with every name a reader may use for it."""

    name: str  # canonical: what the report's title prints
    level: str  # 中央 / 省级 / 市级 / 县级 / 乡级
    kind: str  # government / office / department / zone / township
    organ: Organ
    place: Place | None  # None for the central agencies
    region_chain: tuple[str, ...]
    scale: float  # caseload multiplier
    short_name: str | None = None  # 「（以下简称“……”）」 in the report, when it defines one
    forms: tuple[str, ...] = field(default=())  # how a citizen may name it (full name first)

    @property
    def level_code(self) -> str:
        """An ASCII word for file names: central, province, city, county, township."""
        return LEVEL_CODES[self.level]


class Namer:
    """Unique place stems: 合成 + one or two stem characters, never the same twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def stem(self) -> str:
        for length in (1, 1, 1, 2, 2, 2, 2, 2):
            stem = SYNTHETIC_MARK + "".join(self.rng.choice(STEM_CHARS) for _ in range(length))
            if stem not in self.used:
                self.used.add(stem)
                return stem
        raise RuntimeError("place stems exhausted")  # not before tens of thousands of places


def _place(namer: Namer, suffix: str, level: str, parents: tuple[Place, ...]) -> Place:
    stem = namer.stem()
    return Place(stem + suffix, stem, level, parents)


def _scale(rng: random.Random, level: str, organ: Organ) -> float:
    base = {"中央": 400.0, "省级": 150.0, "市级": 40.0, "县级": 8.0, "乡级": 0.6}[level]
    return base * organ.weight * rng.lognormvariate(0, 0.6)


def _forms(full: str, place: Place | None, organ: Organ, short: str | None) -> tuple[str, ...]:
    """Ways of naming the agency: full; own place + organ; bare place + organ abbreviation; the short name."""
    forms = [full]
    if place is not None:
        forms.append(place.name + organ.name)
        forms.append(place.stem + organ.short)
    if short:
        forms.append(short)
    return tuple(dict.fromkeys(forms))


def _agency(rng: random.Random, level: str, organ: Organ, place: Place | None, prefix: str) -> Agency:
    """An agency named `prefix + organ`; sometimes it defines a short name in its report."""
    full = prefix + organ.name
    short = None
    if place is not None and rng.random() < 0.35:
        forms = [place.stem + organ.short]
        if place.name[-1] in "省市县区旗":  # 「市人社局」「县政府办」: the level's character + abbreviation
            forms.append(place.name[-1] + organ.short)
        short = rng.choice(forms)
    chain = place.chain if place is not None else ()
    return Agency(
        name=full,
        level=level,
        kind=organ.kind,
        organ=organ,
        place=place,
        region_chain=chain,
        scale=_scale(rng, level, organ),
        short_name=short,
        forms=_forms(full, place, organ, short),
    )


def _prefix(rng: random.Random, place: Place) -> str:
    """How much of the region chain the name carries: real reports print 「淮安市洪泽区人民政府」 and
    「高青县公安局」 alike."""
    parents = [p.name for p in place.parents if p.level != "省级"]
    keep = rng.random()
    if place.level == "乡级":
        return (parents[-1] if parents and keep < 0.7 else "") + place.name
    if place.level == "县级" and parents and keep < 0.6:
        return parents[-1] + place.name
    if place.level == "市级" and place.parents and keep < 0.1:
        return place.parents[0].name + place.name
    return place.name


def central_agencies(rng: random.Random) -> Iterator[Agency]:
    for organ in CENTRAL_ORGANS:
        agency = _agency(rng, "中央", organ, None, CENTRAL_PREFIX)
        yield (
            agency
            if not organ.name.startswith("国家")
            else replace_name(agency, CENTRAL_PREFIX + organ.name[2:])
        )


def replace_name(agency: Agency, name: str) -> Agency:
    return dataclasses.replace(agency, name=name, forms=(name,))


def agencies_of(rng: random.Random, place: Place, organs: tuple[Organ, ...], share: float) -> list[Agency]:
    """The government of a place and a random share of its departments."""
    chosen = [o for o in organs if o.kind == "government" or rng.random() < share]
    prefix = _prefix(rng, place)
    return [_agency(rng, place.level, organ, place, prefix) for organ in chosen]


def geography(rng: random.Random, n_agencies: int) -> list[Agency]:
    """At least `n_agencies` agencies spread over every level, deterministic for `rng`."""
    namer = Namer(rng)
    agencies = list(central_agencies(rng))
    while len(agencies) < max(n_agencies, MIN_AGENCIES):
        suffix = "自治区" if rng.random() < 0.1 else "省"
        province = _place(namer, suffix, "省级", ())
        agencies += agencies_of(rng, province, PROVINCE_ORGANS, 0.5)
        for _ in range(rng.randint(2, 4)):
            city = _place(namer, "自治州" if rng.random() < 0.05 else "市", "市级", (province,))
            agencies += agencies_of(rng, city, CITY_ORGANS, 0.45)
            agencies += _zones(rng, namer, city)
            for _ in range(rng.randint(2, 5)):
                suffix = rng.choices(("县", "区", "市", "旗"), (5, 4, 1, 0.3))[0]
                county = _place(namer, suffix, "县级", (province, city))
                agencies += agencies_of(rng, county, COUNTY_ORGANS, 0.4)
                for _ in range(rng.randint(0, 3)):
                    agencies.append(_township(rng, namer, county))
    return agencies


def _zones(rng: random.Random, namer: Namer, city: Place) -> list[Agency]:
    if rng.random() > 0.4:
        return []
    kind = rng.choice(ZONE_KINDS)
    zone = _place(namer, kind, "县级", (*city.parents, city))
    prefix = (city.name if kind != "新区" or rng.random() < 0.5 else "") + zone.name
    return [_agency(rng, "县级", ZONE_COMMITTEE, zone, prefix)]


def _township(rng: random.Random, namer: Namer, county: Place) -> Agency:
    street = rng.random() < 0.35
    suffix = "街道" if street else rng.choice(("镇", "镇", "乡"))
    place = _place(namer, suffix, "乡级", (*county.parents, county))
    organ = STREET_OFFICE if street else TOWNSHIP_GOVERNMENT
    return _agency(rng, "乡级", organ, place, _prefix(rng, place))
