"""Every figure in a Chinese text, and nothing that only looks like one (design §6).

The numeric checker reads each figure's neighbourhood to decide which table cell it claims, for rule
T1 (a report's prose against its own tables) and for every answer shown to citizens. A missed figure
goes unchecked; a year, phone number or list marker taken for a figure is a false alarm.

    >>> [(f.value, f.unit, f.approx) for f in extract_figures("2024年共收到申请两千三百余件，占33.3%")]
    [(2300, '件', '余'), (33.3, '%', None)]

How it works: the text is compacted (whitespace dropped, except between two ASCII letters/digits, so
PDF text like 「国令第 711 号」 and 「351\\n件」 reads as printed) with a map back to the original
offsets; spans that can never hold a figure (URLs, e-mails, phone numbers, postcodes, dates, document
numbers, 《titles》, set phrases) are blocked; then one pattern finds marker + number + scale + unit +
marker candidates, and context rules reject ordinals, years, list markers, hotlines and the like.

Decisions on the fuzzy cases (each pinned by a test):
- 「3年」 is a duration (unit 年); a 4-digit Arabic 1949–2100, a 4-digit Chinese run (二〇二四) or a
  Chinese numeral worth 1949–2100 followed by 年 is a year. Bare 「2019」 without 年 is a number.
- 「12345热线」, 「“12345”市民服务热线」, any bare 123xx number, a bare number followed within a few
  characters by 热线/专线/电话, and 「拨打110」 are hotlines, not counts. 「12345件」 is a figure.
- 「十八届人大三次会议」, 「政协十五届三次会议」: N次会议 after 届/人大/政协 in the same clause is an
  ordinal; 「全年召开三次会议」 is a count (3次).
- 「三成」 is a figure: value 30, unit %. 「百分之百」 is 100 %. Fractions (三分之一, 1/3) are not extracted.
- A Chinese numeral is a figure only with a unit (六件, 两次), after 百分之, or ending in 万/亿 (五百万);
  so 「两次被亮红牌」 and 「六个部分」 are counts (2次, 6个) that no table cell will claim. Units that
  after a Chinese numeral are mostly words (一起, 四处, 三类, 四周) count only after Arabic digits:
  「三类内部事务信息」, 「四类过程性信息」 are category names.
- 「一」 after 这/那/哪/每/某/同/任/另 is a determiner, not a count: 「这一项」「哪一个」「每一件」.
- 「零」 alone is a figure only with a unit (零件 followed by another character is the noun "parts").
- 「N日」, 「N号」, 「N月」 are dates or addresses, so 「15日内」 is not a figure (15个工作日/15天 are).
  Labels 图1, 表3, 附件2 and list markers 1. 1、 (1) 1） at a line or clause start are not figures;
  「分别为3、5件」 is (3 and 5件).
- Table cells in extracted text are bare figures (unit None); a row of cells (「30 1 0 31」) and a
  label printed vertically (本\\n年\\n度) never lend the next line's character as a unit.
- Money keeps 万元/亿元 as the unit with the value in it (58.59万元 -> 58.59 万元, scale 1); a count
  with 万/亿 gets the full value and the scale (2.3万件 -> 23000 件, scale 10000).
- Several markers on one figure (约100余件) are joined in reading order: approx = "约余"; `bound`
  says which way they point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ingest.numerals import DIGITS, NotANumber, as_number, chinese_to_number
from ingest.records import Number

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c != 0xFF0C}  # keep 「，」: never a separator
_LONE_CHAR = re.compile(r"^[ \t]*([\u4e00-\u9fff])[ \t]*$", re.MULTILINE)
_ROW_END = re.compile(r"[0-9] [0-9.,]+$")
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
MONEY_FACTORS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}
_SCALES = {"千": 1000, "万": 10_000, "亿": 100_000_000, "百万": 1_000_000, "千万": 10_000_000, "万亿": 10**12}
_AT_LEAST = frozenset({"余", "多", "超", "超过", "逾", "以上", "突破", "至少", "不少于", "之多", "有余"})
_AT_MOST = frozenset({"近", "将近", "接近", "不到", "不足", "以下", "以内"})


# ---- what a figure looks like --------------------------------------------------------------

_BARRIER = "\u00a6"  # stands in the view for a break no figure may span
_CN_DIGIT_CHARS = "零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_CHARS = _CN_DIGIT_CHARS + "十百千万亿拾佰仟"
_CJK = r"[\u4e00-\u9fff]"

# ---- units: (as printed, lookahead that says the character starts another word) ----------------
# Longest first, so that 人次 wins over 人 and 个月 over 个.
_UNITS_BOTH: tuple[tuple[str, str], ...] = (
    ("个百分点", ""), ("个工作日", ""), ("百分点", ""), ("工作日", ""), ("个小时", ""), ("小时", ""),
    ("个月", ""), ("分钟", ""), ("周年", ""), ("人次", ""), ("件次", ""), ("户次", ""), ("场次", ""),
    ("批次", ""), ("%", ""), ("‰", ""), ("件", ""), ("条", "例|款"), ("篇", "章|幅"),
    ("个", "别|性|体|案"), ("次", "性|序|要|数|级|生"), ("场", "所|地|景|合|面|馆"),
    ("期", "间|限|末|初|刊|待|望|货|内|满|中"), ("名", "称|单|义|录|列|额|牌|片|誉|字"),
    ("人", "民|大|员|口|才|士|社|事|力|类|格|身|权|工|性|们|群|文|心|情|选|均|数|防|寿|保"),
    ("家", "庭|属|长|族|乡|园|具|电|居|门|里"), ("项", "目"), ("份", "额"), ("户", "籍|口|外|型|主"),
    ("宗", "旨|教"), ("批", "准|复|示|评|判"), ("套", "餐"), ("张", "贴"), ("页", "面|码"),
    ("种", "类|子|植|养|地|族"), ("轮", "换|流|岗|候|训|番"), ("笔", "记|录|墨|试"),
    ("封", "闭|存|装|面|锁"), ("倍", ""),
    ("成", "立|员|为|果|本|效|绩|功|熟|就|都|交|型|长|年|人|品|分|不变"),
    ("元", "素|旦|首|宵|化|件|气|年|月"), ("年", "度|龄|级|纪|轻|鉴|报|会|终|代|薪|检|底|初|末|中|份"),
    ("天", "然|地|下|津|气|空"), ("位", "置|于|数|居|列|次"),
)  # fmt: skip
# Units whose character, after a Chinese numeral, is far more often a word (一起, 四处, 三类, 四周).
_UNITS_ARABIC: tuple[tuple[str, str], ...] = (
    ("平方米", ""), ("公里", ""), ("类", "似|型|别"), ("处", "理|置|罚|室|长|分|级|于|在|所"),
    ("所", "以|有|在|属|得|长"), ("起", "草|诉|点|步|来|止|源|到"), ("例", "如|外|会"),
    ("台", "账|风|湾|阶"), ("字", "号"), ("周", ""), ("册", ""), ("亩", ""), ("吨", ""),
    ("部", "分|门|署|长|委|属|队|位"),
    ("分", "钟|之|类|别|局|析|管|行|布|工|解|批|期|项|级|散|配|享|成|阶|段|公|院|会|队|站|所|区|号|部|支|组|担|流|值"),
)  # fmt: skip
_ARABIC_ONLY_UNITS = frozenset(u for u, _ in _UNITS_ARABIC)
_UNIT_CANONICAL = {"个百分点": "百分点", "个工作日": "工作日", "个小时": "小时"}


def _unit_pattern() -> str:
    units = sorted(_UNITS_BOTH + _UNITS_ARABIC, key=lambda u: -len(u[0]))
    return "|".join(re.escape(u) + (f"(?!{la})" if la else "") for u, la in units)


_AR = r"(?<![0-9.])(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
_CN = rf"[{_CN_CHARS}]+(?:点[{_CN_DIGIT_CHARS}]+)?"
_CANDIDATE = re.compile(
    r"(?P<pre>大约|将近|接近|超过|不少于|不足|不到|至少|突破|约|(?<![最附临就亲])近|超|逾)?"
    rf"(?:百分之(?:(?P<pct_ar>{_AR})|(?P<pct_cn>{_CN}))|(?P<ar>{_AR})|(?P<cn>{_CN}))"
    r"(?P<mid1>余|多)?(?P<scale>万亿|千万|百万|[千万亿])?(?P<mid2>余|多)?"
    rf"(?P<unit>{_unit_pattern()})?"
    r"(?P<post>以上|左右|上下|以下(?!简称)|以内|之多|有余)?"
)

# ---- spans that never hold a figure -----------------------------------------------------------
_PAGE_FOOTER = re.compile(
    r"^[ \t]*(?:[-—–－][ \t]*\d+[ \t]*[-—–－]|第[ \t]*\d+[ \t]*页(?:[ \t]*[/，,]?[ \t]*共[ \t]*\d+[ \t]*页)?"
    r"|\d+[ \t]*/[ \t]*\d+)[ \t]*$",
    re.MULTILINE,
)
_ALNUM_CHAIN = re.compile(r"[A-Za-z0-9]+(?:[-./_:@~?=&#]+[A-Za-z0-9]+)*")  # blocked when it holds a letter
_SET_PHRASES = (
    "三安全一稳定", "三类内部事务信息", "四类过程性信息", "一网通办", "一网统管", "一网协同", "五公开",
    "三审三校", "一把手", "一件事", "一次办", "跑一次", "一次性", "一条龙", "一站式", "一张网", "一张图",
    "一盘棋", "一揽子", "一门式", "一窗", "三同步", "两个确立", "两个维护", "四个意识", "四个自信",
    "四个全面", "三个代表", "两个一百年", "八项规定", "十三五", "十四五", "十五五", "三重一大", "一图读懂",
    "三位一体", "四位一体", "五位一体", "一成不变", "三会一课", "一岗双责", "一带一路", "四下基层", "两会",
)  # fmt: skip
_BLOCKERS: tuple[re.Pattern[str], ...] = (
    # phone and fax numbers: 0533-2189929, (0533)2189929, mobiles, 400 numbers, whatever follows 电话：
    re.compile(r"(?<![0-9])\(?0[0-9]{2,3}\)?[-—–]?[0-9]{7,8}(?![0-9])"),
    re.compile(r"(?<![0-9.])1[3-9][0-9]{9}(?![0-9.万亿千件条个次人元%])"),
    re.compile(r"(?<![0-9])[48]00[-—–]?[0-9]{3}[-—–]?[0-9]{4}(?![0-9])"),
    re.compile(
        r"(?:电话|传真|手机|热线|座机|联系方式)(?:号码)?:?[0-9()\-—–]{5,}(?:[、/,，或][0-9()\-—–]{5,})*"
    ),
    re.compile(r"(?:邮编|邮政编码)(?:号码)?:?[0-9]{6}"),  # postcodes
    re.compile(r"[〔\[【(](?:19|20)[0-9]{2}[〕\]】)](?:[0-9]+号?)?"),  # document numbers: 〔2021〕30号
    # dates: 2020-01-31, 2024.1.1, year ranges 2023-2025; time of day 9:00; fractions and dates 1/3
    re.compile(
        r"(?<![0-9])(?:19|20)[0-9]{2}[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"
    ),
    re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}[-—–~至到](?:19|20)[0-9]{2}(?![0-9])"),
    re.compile(r"(?<![0-9.])[0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9])?(?![0-9])"),
    re.compile(r"[0-9]+/[0-9]+(?:/[0-9]+)?"),
    re.compile(r"[\[［【][0-9]{1,3}[\]］】]"),  # citation markers of answers: [1] ［2］
    re.compile(r"《[^《》]{0,80}》|〈[^〈〉]{0,80}〉"),  # titles: 《现在为您导航！2019上海再出发》
    re.compile("|".join(_SET_PHRASES)),
    re.compile(r"一[事企案人户年月周季日村岗档卷图表码网地门窗业品策]一" + _CJK),  # 一事一审, 一年一度
)


def _blocked_mask(view: str) -> list[bool]:
    """Which characters of the view lie in a span that never holds a figure."""
    blocked = [False] * len(view)
    spans = [m.span() for p in _BLOCKERS for m in p.finditer(view)]
    # URLs, e-mail addresses, H5, 5G, GB/T 9704-2012: a digit run glued to letters is a name, not a figure
    spans += [m.span() for m in _ALNUM_CHAIN.finditer(view) if re.search("[A-Za-z]", m.group())]
    for a, b in spans:
        blocked[a:b] = [True] * (b - a)
    return blocked


# ---- context rules ----------------------------------------------------------------------------
_OPENING = "^。；;:!?！？(【[，,"  # ^ stands for the start of the text
_SESSION = re.compile(r"次(?:全体)?会议|次全会|次常委会")
_CLAUSE_BREAK = re.compile(r"[，。；、,;:!?！？]")
_RANGE_TO_DATE = re.compile(r"[-—–~至到][0-9]{1,4}[月日号时]")
_HOTLINE_AFTER = re.compile(r"[\"”」』]?" + _CJK + r"{0,8}?(?:热线|专线|电话)")
_NOT_A_COUNT_AFTER = "月日号时届级版楼室层栋点年"


def _is_year(value: Decimal | int) -> bool:
    return value == int(value) and 1949 <= value <= 2100


def _reject_common(view: str, m: re.Match[str], n0: int, n1: int) -> bool:
    """Ordinals, whatever the numeral: 第二十条, 第711号, 十八届人大三次会议 (but 召开三次会议 is a count)."""
    if m.start() > 0 and view[m.start() - 1] == "第":
        return True
    if m.group("unit") == "次" and _SESSION.match(view, m.end("unit") - 1):
        before = _CLAUSE_BREAK.split(view[max(0, n0 - 12) : n0])[-1]
        return any(word in before for word in ("届", "人大", "政协", "常委会", "代表大会"))
    return False


def _reject_arabic(
    view: str, line_start: tuple[bool, ...], m: re.Match[str], n0: int, n1: int, cell_end: bool
) -> bool:
    """Arabic numbers that are list markers, dates, years, hotlines or times of day.

    `cell_end`: whitespace or the end of the text follows the number in the original (a table cell).
    """
    token = view[n0:n1]
    prev = view[n0 - 1] if n0 else "^"
    in_row = prev == " " and view[n0 - 2 : n0 - 1].isdigit()  # a cell of a table row: 「30 1 0 31」
    nxt = view[n1 + 1 : n1 + 2] if view[n1 : n1 + 1] == _BARRIER and not in_row else view[n1 : n1 + 1]
    bare = not m.group("unit") and not m.group("scale") and not m.group("mid1") and not m.group("post")
    if re.match(r"0[0-9]", token):
        return True  # 0533, 007: codes, not quantities
    unit = m.group("unit")
    if (unit == "年" or nxt == "年" or _YEAR_LIST_AFTER.match(view, n1)) and _is_year_token(token):
        return True
    if not bare:
        return unit == "分" and prev in "时点"  # 9时30分
    at_line_start = line_start[n0] or prev in _OPENING
    if (
        nxt == "."
        or (nxt == "、" and at_line_start)
        or (nxt in (")", "）") and (prev == "(" or line_start[n0]))
    ):
        return True  # list markers: 1. 1、 (1) 1）
    if (nxt and nxt in _NOT_A_COUNT_AFTER) or _RANGE_TO_DATE.match(view, n1):
        return True
    if prev in ("图", "表") or view[max(0, n0 - 2) : n0] == "附件":
        return True  # labels: 见图1, 表3, 附件2
    if re.fullmatch(r"(?:19|20)[0-9]{2}\.(?:0?[1-9]|1[0-2])", token):
        return True  # 2024.12
    if (re.fullmatch(r"123[0-9]{2}", token) and not cell_end) or _HOTLINE_AFTER.match(view, n1):
        return True  # 12345热线, “12345”市民服务热线: a hotline's name (but 「行政许可 12345⏎」 is a cell)
    return view[max(0, n0 - 2) : n0] == "拨打"


def _is_year_token(token: str) -> bool:
    return "." not in token and "," not in token and _is_year(int(token))


# 「2023、2024年」「2022至2024年」: every year of a list that ends in 年 is a year
_YEAR_LIST_AFTER = re.compile(r"(?:[、和与及至到~—－-](?:19|20)[0-9]{2})+年")


def _reject_chinese(view: str, m: re.Match[str], n0: int, n1: int, value: Decimal) -> bool:
    """Chinese numerals inside words: 数十, 几百, 零件 (parts), 这一项, 哪一个, 每一件, and years written out."""
    run = m.group("cn")
    if n0 and (view[n0 - 1] in "第数几若" or (run == "一" and view[n0 - 1] in "这那哪每某同任另")):
        return True
    unit = m.group("unit")
    after = m.end("unit") if unit else n1
    if run in ("零", "〇", "○") and unit == "件" and re.match(_CJK, view[after : after + 1]):
        return True
    return unit == "年" and _is_year(value)


# ---- extraction ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure as printed, its value in `unit`, and where it sits in the input text."""

    text: str
    value: Number
    unit: str | None
    start: int
    end: int
    approx: str | None
    scale: int = 1

    @property
    def bound(self) -> Literal["at_least", "at_most", "about"] | None:
        """What the marker says about the true value: 「2300余件」 is at least 2300, 「近500」 at most."""
        if not self.approx:
            return None
        if self.approx in _AT_LEAST:
            return "at_least"
        return "at_most" if self.approx in _AT_MOST else "about"


@dataclass(frozen=True)
class View:
    """The compacted text the patterns run on, with the map back to the original offsets."""

    text: str
    pos: tuple[int, ...]  # pos[i] = offset in the original text of view character i
    line_start: tuple[bool, ...]  # view character i is the first of a line
    blocked: tuple[bool, ...]


def _compact(text: str) -> View:
    """Drop whitespace (and page footers) except between two ASCII letters/digits; full-width -> ASCII."""
    dropped = [False] * len(text)
    for m in _PAGE_FOOTER.finditer(text):
        dropped[m.start() : m.end()] = [True] * (m.end() - m.start())
    lone = {m.start(1) for m in _LONE_CHAR.finditer(text)}
    chars: list[str] = []
    pos: list[int] = []
    line_start: list[bool] = []
    gap: int | None = None
    newline = True
    for i, raw in enumerate(text):
        if dropped[i] or raw.isspace():
            newline = newline or raw in "\n\r"
            gap = i if gap is None else gap
            continue
        ch = raw.translate(_FULLWIDTH)
        if gap is not None and chars and chars[-1] in _ASCII_ALNUM and ch in _ASCII_ALNUM:
            chars.append(" ")  # keep table cells 「1 0 11」 and 「0\n1」 apart
            pos.append(gap)
            line_start.append(False)
        elif newline and (i in lone or _ROW_END.search("".join(chars[-12:]))):
            # a label printed vertically (本\n年\n度) or the line after a row of cells: never a unit
            chars.append(_BARRIER)
            pos.append(gap if gap is not None else i)
            line_start.append(False)
        chars.append(ch)
        pos.append(i)
        line_start.append(newline)
        gap, newline = None, False
    view = "".join(chars)
    return View(view, tuple(pos), tuple(line_start), tuple(_blocked_mask(view)))


def _arabic(token: str) -> Decimal:
    return Decimal(token.replace(",", ""))


def _chinese(run: str) -> tuple[Decimal, int] | None:
    """A Chinese numeral run as (value, scale): '五十八万' -> (58, 10000), '两千三百' -> (2300, 1).

    None for what is not a number in prose: no digit (百姓, 千万), digit by digit (二〇二四, 五六).
    """
    digits = [ch for ch in run.partition("点")[0] if ch in DIGITS]
    if not digits and not run.startswith(("十", "拾")):
        return None
    if len(digits) == len(run.partition("点")[0]) > 1:
        return None
    try:
        value = Decimal(str(chinese_to_number(run)))
    except NotANumber:
        return None
    for char, scale in (("亿", 100_000_000), ("万", 10_000)):
        if run.endswith(char):
            return value / scale, scale
    return value, 1


def _number(view: View, m: re.Match[str], group: str, n0: int, n1: int) -> tuple[Decimal, int] | None:
    """The candidate's number as (value in its scale, scale), or None when context rejects it."""
    token = m.group(group)
    if group == "pct_ar":
        return _arabic(token), 1
    if group == "pct_cn":
        return _chinese("一百" if token == "百" else token)
    if group == "ar":
        cell_end = n1 == len(view.pos) or view.pos[n1] > view.pos[n1 - 1] + 1
        if _reject_arabic(view.text, view.line_start, m, n0, n1, cell_end):
            return None
        return _arabic(token), _SCALES.get(m.group("scale") or "", 1)
    if token in ("百", "千", "万", "亿") and m.group("mid1"):
        token = "一" + token  # 百余件, 千余条, 万余人
    parsed = _chinese(token)
    if parsed is None or m.group("unit") in _ARABIC_ONLY_UNITS:
        return None
    value, scale = parsed
    if m.group("scale"):  # 一百余万: the scale comes after the marker
        value, scale = value * scale, _SCALES[m.group("scale")]
    if (m.group("unit") is None and scale == 1) or _reject_chinese(view.text, m, n0, n1, value * scale):
        return None  # a Chinese numeral without a unit is a word (一是, 三审三校), not a figure
    return value, scale


def _build(text: str, view: View, m: re.Match[str]) -> Figure | None:
    """The figure a candidate match stands for, or None when its context says it is not one."""
    group = next(g for g in ("pct_ar", "pct_cn", "ar", "cn") if m.group(g) is not None)
    n0, n1 = m.span(group)
    if any(view.blocked[n0:n1]) or _reject_common(view.text, m, n0, n1):
        return None
    parsed = _number(view, m, group, n0, n1)
    if parsed is None:
        return None
    value, scale = parsed
    marks = ["pre", "mid1", "mid2", "post"]
    end = m.end()
    unit = m.group("unit")
    if group.startswith("pct"):
        value, scale, unit = value * scale, 1, "%"
        if m.group("unit"):  # 「百分之百人」: the unit and what follows belong to the next word
            end, marks = m.end(group), ["pre"]
    elif unit is None:
        last_mid = "mid2" if m.group("mid2") else "mid1" if m.group("mid1") and not m.group("scale") else None
        if last_mid and not m.group("post") and re.match(r"[\u4e00-\u9fff]", view.text[end : end + 1]):
            end = m.start(last_mid)  # 「100多渠道」: 多 belongs to the next word
            marks.remove(last_mid)
    else:
        unit = _UNIT_CANONICAL.get(unit, unit)
        if unit == "元":  # money keeps 万元/亿元 as its unit
            unit = "亿元" if scale >= 100_000_000 else "万元" if scale >= 10_000 else "元"
            value, scale = value * scale / MONEY_FACTORS[unit], 1
        elif unit == "成":
            value, scale, unit = value * scale * 10, 1, "%"
    value *= scale
    markers = "".join(m.group(g) for g in marks if m.group(g))
    start, stop = view.pos[m.start()], view.pos[end - 1] + 1
    return Figure(text[start:stop], as_number(value), unit, start, stop, markers or None, scale)


def extract_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in reading order (see the module docstring for what counts)."""
    view = _compact(text)
    figures = []
    for m in _CANDIDATE.finditer(view.text):
        figure = _build(text, view, m)
        if figure is not None:
            figures.append(figure)
    return figures
