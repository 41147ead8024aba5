"""What a question asks for, from its words alone: the table item (a `Metric`), the kind of answer
(a lookup, a share, a change between years, a sum or ranking across agencies, prose), and the words that
remain unexplained (「外省」「专职」) — a question more specific than any table item is not answered
from the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import jieba
import jieba.posseg as pseg

from ingest import schema
from ingest.lexicon import (
    APPLICATION_COLUMN_PHRASES,
    APPLICATION_ROW_PHRASES,
    LEXICON_TABLES,
    PROACTIVE_COLUMN_PHRASES,
    PROACTIVE_ROW_PHRASES,
    REVIEW_COLUMN_PHRASES,
    REVIEW_GROUP_PHRASES,
    PhraseHit,
    application_metric_in,
    find_phrases,
    merge_metrics,
    pick_columns,
    pick_rows,
    proactive_metric_in,
    review_metric_in,
)
from ingest.metrics import Metric, application_metric, in_columns
from qa.items import EACH_WORDS, contrasted, items_of

jieba.setLogLevel(60)
jieba.add_word("依申请公开")  # a topic of its own (总体情况（二）), not 依 + 申请 + 公开

# Topics only the prose covers, even when their words brush against a table item.
NARRATIVE_TOPICS = (
    "信息处理费", "处理费", "主要问题", "存在问题", "存在的问题", "改进", "整改", "措施", "平台建设", "新媒体", "新闻发布",
    "发布会", "培训", "常务会议", "公报", "建议提案", "人大代表", "政协", "政策解读", "解读", "网站", "微博", "微信",
    "抖音", "热线", "开放日", "工作要点", "创新", "队伍", "监督保障", "目录", "指南", "主动公开了", "主动公开政府信息",
    "依申请公开方面", "依申请公开工作", "依申请公开情况",
)  # fmt: skip
NARRATIVE_UNITS = ("条", "个", "场", "期", "篇", "名", "次", "人次", "人", "家", "项", "份", "元", "天")
QUANTITY_WORDS = (
    "多少",
    "几件",
    "几个",
    "几项",
    "几起",
    "几宗",
    "几期",
    "几场",
    "几条",
    "几名",
    "几次",
    "几",
    "数量",
    "总数",
    "是否",
    "有没有",
    "数目",
    "总量",
    "件数",
)
SHARE_WORDS = (
    "比例",
    "占比",
    "百分比",
    "百分之",
    "公开率",
    "比率",
    "比重",
    "占多少",
    "占了",
    "占办理",
    "占全部",
    "占总",
)
CHANGE_WORDS = (
    "增加",
    "减少",
    "增长",
    "下降",
    "多了",
    "少了",
    "变化",
    "相比",
    "同比",
    "差多少",
    "差了",
    "多出",
    "少多少",
    "多多少",
    "多几",
    "少几",
    "增减",
    "比上年",
    "比去年",
    "相差",
    "差距",
)
SUM_WORDS = ("合计", "一共", "总共", "加起来", "共计", "总和", "累计", "之和")
RANK_WORDS = (
    "哪个",
    "哪家",
    "哪一个",
    "哪个单位",
    "哪个机关",
    "排名",
    "排序",
    "最多",
    "最少",
    "最高",
    "最低",
)
EXPLAIN_WORDS = (
    "什么是",
    "是什么意思",
    "什么意思",
    "含义",
    "区别",
    "指什么",
    "指的是",
    "怎么理解",
    "如何理解",
    "解释",
)
RATE_ROWS = {"公开率": "granted_or_partial"}
# 纠正率, 维持率, 办结率 …: a rate of a table item is a share of it
RATE_WORD = re.compile(r"(?:公开|纠正|纠错|维持|败诉|办结|结转|提供|处理)率")
GROWTH_WORDS = re.compile(
    r"增长率|增幅|降幅|变化率|变动率|(?:增长|下降|减少|增加|变化)了?(?:百分之|多少%|几成|百分比)"
)
SUPERLATIVES = ("最多", "最少", "最高", "最低")
# 「洪泽区比淮安市少收到多少申请」: a comparison that names neither 增加 nor 减少
COMPARED_WITH = re.compile(r"比(?!例|率|重|较|值)[^，。？?]{1,20}?[多少高低](?:收|了|出|几|多少)")
# 「洪泽区哪一年收到的申请更多」: the years compared
WHICH_YEAR = re.compile(r"哪年|哪一年|哪个年度|哪一年度")
# 「淮安市和洪泽区哪个收到的申请多」: a comparison of two agencies is a ranking of them
COMPARATIVE = re.compile(
    r"(?:哪个|哪家|哪一个|哪一年|哪年|谁)[\u4e00-\u9fff]{0,12}?(?:更|比较|较)?([多少高低])(?!少)"
)


def rank_word(question: str) -> str:
    """How a ranking question orders: 最多/最少/最高/最低, or 更多/更少 … for 「哪个……多」."""
    superlative = next((w for w in SUPERLATIVES if w in question), None)
    if superlative:
        return superlative
    comparative = COMPARATIVE.search(question)
    return f"更{comparative.group(1)}" if comparative else "最多"


def asks_decrease(question: str) -> bool:
    """「比上年减少了多少」「下降了百分之多少」: the question asks how much less."""
    return re.search(r"减少|下降|降低|少了|少多少|少几|回落|降幅", question) is not None


def asks_increase(question: str) -> bool:
    """「洪泽区比淮安市多多少」: the question asks how much more (a negative answer stays signed)."""
    return re.search(r"多多少|多出|多几|增加|高多少|高出", question) is not None


def ranks_lowest(question: str) -> bool:
    return rank_word(question)[-1] in "少低"


# What no table item gives: averages, durations. The prose must say it, or we refuse.
BEYOND_TABLES = re.compile(r"平均|用时|多长时间|多久|天数|时长|已审结|明年|预计|预测|第几页|哪一页|页码")
# 「平均每月收到多少」: the year's figure spread over its months, days, weeks or quarters
PER_PERIOD = re.compile(r"平均(?:每|一)个?(月|天|日|周|星期|季度)|(?:每|一)个?(月|天|日|周|季度)平均")
MULTIPLE_WORDS = re.compile(r"几倍|多少倍|倍数")  # 「是部分公开的几倍」: the quotient of two figures
# What a question asks of a table item named alone (「洪泽区2024年部分公开」「被起诉了吗」) or of prose.
ASKS_WHAT = re.compile(
    r"什么|哪些|哪几|哪个方面|怎样|怎么|如何|为什么|为何|情况|内容|举措|做法|经验|是谁|哪里|何时"
)
CONTACT_WORDS = ("电话", "联系方式", "地址", "邮编", "邮箱", "网址", "传真", "怎么联系", "联系谁")
STOP_TOKENS = frozenset(
    """政府信息公开 政府 信息 公开 政府信息 信息公开 申请 申请人 件 多少 几 一共 总共 合计 共 共计 总数 总计 数量 是 有 的 了 吗 呢
    年报 报告 年度 年 表格 表 表三 表二 表四 中 里 显示 按 按照 被 因 因为 为由 而 由 新 新的 案件 结果 情况 处理 决定 请问 本年
    全年 该 这 那 其 其中 金额 万元 元 多 少 比 占 和 与 及 或 以 为 对 向 从 在 于 之 所 各 每 些 个 什么 哪些 怎样 如何 怎么
    工作 这一 那一 里面 当年 当中 本 次 项 类 类型 方面 情形 条 到 要 需要 继续 办理 下 一 年里 内 上 去年 今年 前年 机关 单位
    部门 属于 以及 分别 都 也 还 又 就 请 告诉 我 我们 您 你 共有 一下 数 数据 统计 总 全部 所有 相关 关于 事项 有关 关于 后 前
    被申请 提起 起诉 案 件数 是否 有没有 没有 给 作出 做出 进行 得到 获得 收 收了 了解 想 知道 查询 查 看 看看 具体
    政府信息公开申请 信息公开申请 公开申请 申请件 原因 因素 涉及 涉及到 况 及其 个数 项目 人数 百分比 比例 占比 比率 名 人
    号 新收 收到 受理 提出 提交 本年度 上年 下年 来自 年报 表格 格里 三种 情形 按年 无法 提供 之和 加上 报表 数比 个数 对外
    怎么样 做了 方面 谢谢 感谢 多谢 老师 您好 你好 麻烦 帮 帮忙 问问 咨询 核实 打扰 请教 一名 同志 领导 记者 审计 审计人员 工作人员 想问 我想
    最近 最新 大约 大概 约 约为 左右 差不多 将近 接近 估计 大致 上下 总计 总额 合起来 一起 多少件 多少次 几件 几个 几项 几次 几名 几场 几期 几条 一年 全区 全市 全县 本级 审结 处理决定 包括 报表 情形 种类 项目""".split()
)  # fmt: skip


@dataclass(frozen=True)
class Intent:
    kind: str  # lookup / share / compare_years / sum_agencies / rank / narrative / explain
    metric: Metric | None
    denominator: Metric | None
    wants_number: bool
    keywords: tuple[str, ...]
    leftovers: tuple[str, ...]  # content words no table item explains
    proactive_row: str | None = None  # for raw table-2 lookups in older layouts
    yes_no: bool = False  # 「收取信息处理费了吗？」: a figure answers if the report prints one
    items: tuple[Metric, ...] = ()  # kind "each": the items asked one by one (「分别多少」)
    ratio: bool = False  # rank / compare_years of the metric's share (「公开率最高」「公开率比上年」)
    growth: bool = False  # compare_years answered by the rate of change (「同比增长率」「增长百分之多少」)
    multiple: bool = False  # difference / compare_years answered by the quotient (「是2023年的几倍」)
    period: str | None = None  # a lookup spread over the year's 月/天/周/季度 (「平均每月」)


def _spans(hits: list[PhraseHit]) -> list[tuple[int, int]]:
    return [(h.start, h.end) for h in hits]


def _application_metric(question: str, row_hits: list[PhraseHit]) -> tuple[Metric | None, Metric | None]:
    """(metric, denominator for a share: the rows named after 占)."""
    rate = next((w for w in RATE_ROWS if w in question), None)
    if rate and not row_hits:  # 「自然人申请的公开率」: the rate's rows, in the named column
        return application_metric(RATE_ROWS[rate], *pick_columns(question)), None
    share_split = re.search(r"占|除以|相对于", question)
    before = [h for h in row_hits if share_split is None or h.start < share_split.start()]
    after = [h for h in row_hits if share_split is not None and h.start > share_split.start()]
    head = question[: share_split.start()] if share_split else question
    metric = application_metric_in(head, before or row_hits)
    if metric is None and "申请" in head and not before:
        metric = application_metric("new_received")  # 「洪泽区的申请有多少」: the applications received
    if not after:
        tail = question[share_split.end() :] if share_split else ""
        return metric, _whole_before_zhong(head, before, metric) or _columns_after(tail, metric)
    return metric, merge_metrics([application_metric(r) for r in pick_rows(after, question)])


def _whole_before_zhong(head: str, before: list[PhraseHit], metric: Metric | None) -> Metric | None:
    """「不予公开中行政查询事项占多少」「无法提供的申请中本机关不掌握的占比」: the item named before 中 is
    the whole, when the part is one of its rows."""
    zhong = re.search(r"中|里", head)
    if metric is None or len(before) < 2 or zhong is None:
        return None
    first = before[0]
    if not (first.end <= zhong.start() < before[-1].start):
        return None
    whole = application_metric(first.key, metric.columns)
    return whole if set(metric.rows) < set(whole.rows) else None


def _columns_after(tail: str, metric: Metric | None) -> Metric | None:
    """「法律服务机构占法人或其他组织的比例」: a column after 占 is the whole, in the part's rows."""
    columns, label = pick_columns(tail)
    if metric is None or columns == ("total",) or tuple(columns) == metric.columns:
        return None
    return in_columns(metric, tuple(columns), label)


def _whole_named_first(question: str, metric: Metric | None, row_hits: list[PhraseHit]) -> Metric | None:
    """「予以公开的申请中自然人占多少」 is a share of 予以公开 (the row, named first, is the whole);
    「自然人申请中予以公开的比例」 is left to the default, the natural persons' 办理结果总计."""
    if metric is None or metric.table != schema.TABLE_APPLICATIONS or not row_hits:
        return None
    if metric.columns == ("total",) or metric.rows == ("new_received",):
        return None
    column_hits = find_phrases(question, APPLICATION_COLUMN_PHRASES)
    if not column_hits or row_hits[0].start > column_hits[0].start:
        return None
    return in_columns(metric, ("total",), "总计")


# Parts of speech of a qualifier the tables cannot split by: nouns, places, positions, attributes.
_QUALIFIER_TAGS = ("n", "nr", "ns", "nt", "nz", "s", "f", "b")


@cache
def _domain_vocabulary() -> frozenset[str]:
    """Every word of the tables' labels and of the lexicon: such a word is never an unknown qualifier."""
    texts = [
        label.label
        for label in (*schema.APPLICATION_ROWS, *schema.APPLICATION_COLUMNS, *schema.PROACTIVE_ROWS)
    ]
    texts += [p for table in LEXICON_TABLES for phrases in table.values() for p in phrases]
    return frozenset(w for text in texts for w in jieba.cut(text) if len(w) >= 2)


def _leftovers(question: str, covered: list[tuple[int, int]]) -> tuple[str, ...]:
    """Nouns of the question that no agency, year, table label or lexicon phrase explains:
    「来自外省申请人」 -> 外省; 「专职工作人员」 -> 专职. Verbs and particles never count."""
    taken = [False] * len(question)
    for start, end in covered:
        for i in range(start, min(end, len(question))):
            taken[i] = True
    words = []
    position = 0
    for pair in pseg.cut(question):
        word, flag = pair.word, pair.flag
        start, position = position, position + len(word)
        if len(word) < 2 or any(taken[start:position]) or word in STOP_TOKENS:
            continue
        if word in _domain_vocabulary() or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            continue
        if flag.startswith(_QUALIFIER_TAGS):
            words.append(word)
    return tuple(dict.fromkeys(words))


def keywords_of(question: str) -> tuple[str, ...]:
    text = re.sub(r"[0-9０-９]+年?|[^\u4e00-\u9fff]", " ", question)
    words = [w for w in jieba.cut(text) if len(w.strip()) >= 2]
    return tuple(dict.fromkeys(w for w in words if w not in STOP_TOKENS))


@cache
def word_parts(word: str) -> tuple[str, ...]:
    """The words a compound is made of (「政协提案」: 政协, 提案)."""
    return tuple(p for p in jieba.cut_for_search(word) if len(p) >= 2 and p != word)


def mentions(text: str, word: str) -> bool:
    """The word is in the text, or all its parts are (「政协提案」 in 「政协十五届三次会议提案」)."""
    if word in text:
        return True
    parts = word_parts(word)
    return bool(parts) and all(p in text for p in parts)


WH_WORDS = ("什么", "哪些", "哪个", "多少", "几", "怎样", "如何", "怎么", "是否", "有没有", "吗")


def counted_of(question: str, keywords: tuple[str, ...]) -> str | None:
    """What a 「多少/几」 question counts: the first keyword after the question word (「多少名专职工作人员」 -> 专职),
    else the last one before it."""
    m = re.search(r"多少|几", question)
    if m is None:
        return None
    tail = question[m.end() :]
    hits = [(tail.find(k), k) for k in keywords if k in tail]
    if hits:
        return min(hits)[1]
    # 「财政预决算信息多少条」: the thing counted is named just before the question word
    head = question[: m.start()]
    before = [(head.rfind(k), k) for k in keywords if k in head and len(k) >= 2]
    return max(before)[1] if before else None


def focus_of(question: str, keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords right before and after the question word: 「打算编制什么材料」 -> 编制, 材料."""
    tokens = [t for t in jieba.cut(question) if t.strip()]
    out: list[str] = []
    for i, token in enumerate(tokens):
        if not any(token.startswith(w) for w in WH_WORDS):
            continue
        before = next((t for t in reversed(tokens[:i]) if t in keywords), None)
        after = next((t for t in tokens[i + 1 :] if t in keywords), None)
        out += [t for t in (before, after) if t]
    return tuple(dict.fromkeys(out))


def _counts_table_item(unit: str, review_hits: list[PhraseHit], proactive_hits: list[PhraseHit]) -> bool:
    """Citizens count suits and decisions in 次 and fees in 元 (「被起诉几次」「收费多少元」): with a table-4
    group or a table-2 item named, such a unit still asks for the table's figure."""
    if unit == "次":
        return bool(review_hits) or any(h.key != "administrative_fees" for h in proactive_hits)
    return unit == "元" and any(h.key == "administrative_fees" for h in proactive_hits)


def _inside(start: int, end: int, hits: list[PhraseHit]) -> bool:
    """The span lies within a longer phrase found (a table-3 row that mentions 收费 or 信息处理费)."""
    return any(h.start <= start and end <= h.end for h in hits)


def _names_topic(question: str, row_hits: list[PhraseHit]) -> bool:
    """A prose-only topic is named outside any table-3 row (「逾期未缴纳信息处理费」 is a row)."""
    return any(
        not _inside(*m.span(), row_hits)
        for topic in NARRATIVE_TOPICS
        for m in re.finditer(re.escape(topic), question)
    )


def read_intent(question: str, mention_spans: list[tuple[int, int]], n_agencies: int, n_years: int) -> Intent:
    """Classify a (whitespace-free) question; `mention_spans` cover the agency and year mentions."""
    q = question
    wants_number = any(w in q for w in (*QUANTITY_WORDS, *SHARE_WORDS, *SUPERLATIVES)) or bool(
        RATE_WORD.search(q) or (n_agencies != 1 and COMPARATIVE.search(q))
    )
    if (
        wants_number
        and re.search(r"什么|哪些|哪几类|怎样|如何", q)
        and not re.search(r"多少|几[件个项次名场期条]", q)
    ):
        wants_number = False  # 「数量包括哪些处理决定」 asks what, not how many
    multiplied = MULTIPLE_WORDS.search(q) is not None
    wants_number = (
        wants_number
        or multiplied
        or any(w in q for w in CHANGE_WORDS)
        or bool(COMPARED_WITH.search(q) or WHICH_YEAR.search(q))
    )
    counts = re.search(r"(?:多少|几)(?:次|个|件|条|人)", q)  # 「电话咨询多少次」 asks a count, not the number
    if any(w in q for w in CONTACT_WORDS) and not counts:
        return Intent("narrative", None, None, False, keywords_of(q), ())
    yes_no = bool(re.search(r"吗|是否|有没有|有无", q))
    keywords = keywords_of(q)
    if any(w in q for w in EXPLAIN_WORDS) and not wants_number:
        return Intent("explain", None, None, False, keywords, ())
    per_period = PER_PERIOD.search(q)
    period = (per_period.group(1) or per_period.group(2)) if per_period else None
    beyond = tuple(dict.fromkeys(m.group(0) for m in BEYOND_TABLES.finditer(PER_PERIOD.sub("", q))))
    if beyond:  # 「平均每月收到多少」 is not the year's total: only the prose could say it
        return Intent("narrative", None, None, wants_number, keywords, beyond, yes_no=yes_no)
    review_hits = find_phrases(q, REVIEW_GROUP_PHRASES)
    proactive_hits = find_phrases(q, PROACTIVE_ROW_PHRASES)
    row_hits = find_phrases(q, APPLICATION_ROW_PHRASES)
    # 「逾期未按收费通知要求缴纳费用」 is a table-3 row, not table 2's 行政事业性收费
    proactive_hits = [h for h in proactive_hits if not _inside(h.start, h.end, row_hits)]
    names_item = bool(
        review_hits or proactive_hits or row_hits or find_phrases(q, APPLICATION_COLUMN_PHRASES)
    )
    if not wants_number and names_item and not ASKS_WHAT.search(q):
        wants_number = True  # the item named alone, or 「……吗」 of it: the table's figure answers
    narrative_unit = re.search(r"(?:多少|几)(" + "|".join(NARRATIVE_UNITS) + ")", q)
    if narrative_unit and _counts_table_item(narrative_unit.group(1), review_hits, proactive_hits):
        narrative_unit = None
    if _names_topic(q, row_hits) or narrative_unit or not wants_number:
        return Intent("narrative", None, None, wants_number, keywords, (), yes_no=yes_no)
    covered = list(mention_spans)
    metric = denominator = None
    proactive_row = None
    if review_hits:
        metric = review_metric_in(q)
        covered += _spans(review_hits) + _spans(find_phrases(q, REVIEW_COLUMN_PHRASES))
        split = re.search(r"占", q)
        whole_rows = [h for h in row_hits if split is not None and h.start > split.start()]
        if whole_rows and not any(h.start > split.start() for h in review_hits if split is not None):
            # 「行政复议数量占新收申请数的比例」: a table-4 count over a table-3 row
            denominator = merge_metrics([application_metric(r) for r in pick_rows(whole_rows, q)])
            covered += _spans(whole_rows)
    elif proactive_hits:
        metric, proactive_row = proactive_metric_in(q)
        covered += _spans(proactive_hits) + _spans(find_phrases(q, PROACTIVE_COLUMN_PHRASES))
    else:
        metric, denominator = _application_metric(q, row_hits)
        covered += _spans(row_hits) + _spans(find_phrases(q, APPLICATION_COLUMN_PHRASES))
    for words in (
        SHARE_WORDS,
        CHANGE_WORDS,
        SUM_WORDS,
        RANK_WORDS,
        QUANTITY_WORDS,
        tuple(RATE_ROWS),
        ("倍",),
    ):
        for w in words:
            covered += [(m.start(), m.end()) for m in re.finditer(re.escape(w), q)]
    covered += [m.span() for m in (*RATE_WORD.finditer(q), *COMPARATIVE.finditer(q), *PER_PERIOD.finditer(q))]
    if metric is None and proactive_row is None:
        return Intent("narrative", None, None, wants_number, keywords, (), yes_no=yes_no)
    leftovers = _leftovers(q, covered)
    change = any(w in q for w in CHANGE_WORDS) or COMPARED_WITH.search(q) is not None or multiplied
    # 「增长百分之多少」 is the rate of the change, not a share
    growth = bool(change and GROWTH_WORDS.search(q))
    shared = not growth and (
        any(w in q for w in SHARE_WORDS) or RATE_WORD.search(q) or re.search(r"占.{0,12}(?:多少|几)", q)
    )
    summed = any(w in q for w in SUM_WORDS)
    items = () if shared or change else items_of(q, metric, review_hits, proactive_hits)
    ranked = (any(w in q for w in RANK_WORDS) or bool(COMPARATIVE.search(q))) and n_agencies != 1
    # 「2023年和2024年的公开率」: two shares side by side, and how far they moved
    compared = (change and n_years >= 1) or bool(shared and n_years >= 2) or bool(WHICH_YEAR.search(q))
    pair = () if shared or not change or n_years > 1 else contrasted(q)
    if pair:
        kind, items = "difference", pair
    elif change and not shared and n_years <= 1 and n_agencies == 2:
        kind = "difference"  # 「淮安市收到的申请比洪泽区多多少」: one item, two agencies
    elif shared or denominator is not None:
        kind = "rank" if ranked else "compare_years" if compared else "share"
        denominator = denominator or _whole_named_first(q, metric, row_hits)
    elif items:
        kind = "each"
    elif compared:
        kind = "compare_years"
    elif n_years >= 2:
        # 「2023年和2024年一共」 adds the years, 「分别」 lists them, otherwise the change is shown
        listed = EACH_WORDS.search(q) or n_years > 2  # three years or more: each year, not one change
        kind = "sum_agencies" if summed else "each" if listed else "compare_years"
    elif ranked:
        kind = "rank"
    elif n_agencies >= 2:
        kind = "sum_agencies" if summed else "each"  # 「淮安市……？洪泽区呢？」 asks each, not their sum
    else:
        kind = "lookup"
    ratio = bool((ranked or compared) and (shared or denominator is not None))
    return Intent(
        kind,
        metric,
        denominator,
        True,
        keywords,
        leftovers,
        proactive_row,
        items=items,
        ratio=ratio,
        growth=growth,
        multiple=multiplied and kind in ("difference", "compare_years"),
        period=period if kind == "lookup" else None,
    )
