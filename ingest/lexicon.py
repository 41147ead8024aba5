"""How people write about the table items: phrases -> rows, columns and groups.

One lexicon serves the reports' own prose (rule T1: 「共收到政府信息公开申请6件」 is about new_received) and
citizens' questions (qa.understand: 「群众申请了多少件」). Phrases are matched longest first, so
「部分公开」 wins over 「公开」 and 「其他法律行政法规禁止公开」 over 「不予公开」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import schema
from ingest.metrics import Metric, application_metric, proactive_metric, review_metric

# Row sets of table 3: a row key, an outcome group (schema.OUTCOME_GROUPS) or granted_or_partial.
APPLICATION_ROW_PHRASES: dict[str, tuple[str, ...]] = {
    "granted_or_partial": ("予以公开及部分公开", "予以公开和部分公开", "予以公开与部分公开", "公开和部分公开", "全部或部分公开", "公开或部分公开"),
    "partially_granted": ("部分公开", "区分处理"),
    "denied_prohibited_by_law": ("其他法律行政法规禁止公开", "法律行政法规禁止公开", "法律法规禁止公开"),
    "denied_state_secret": ("属于国家秘密", "国家秘密", "涉密"),
    "denied_three_safeties_one_stability": ("三安全一稳定", "危及国家安全", "国家安全、公共安全、经济安全、社会稳定", "危及社会稳定"),
    "denied_third_party_rights": ("第三方合法权益", "第三方权益", "保护第三方", "第三方"),
    "denied_internal_affairs": ("三类内部事务信息", "内部事务信息", "内部事务"),
    "denied_process_information": ("四类过程性信息", "过程性信息"),
    "denied_enforcement_case_file": ("行政执法案卷", "执法案卷"),
    "denied_administrative_query": ("行政查询事项", "行政查询"),
    "denied": ("不予公开", "不予以公开", "拒绝公开", "不公开", "被拒绝", "拒绝", "被拒"),
    "unavailable_not_held": ("本机关不掌握相关政府信息", "不掌握相关政府信息", "本机关不掌握", "不掌握", "信息不存在"),
    "unavailable_needs_creation": ("没有现成信息需要另行制作", "需要另行制作", "另行制作", "没有现成信息"),
    "unavailable_unclear_after_correction": ("补正后申请内容仍不明确", "申请内容仍不明确", "内容仍不明确", "申请内容不明确"),
    "unavailable": ("无法提供", "没法提供", "不能提供", "提供不了", "无法给", "没有提供"),
    "not_processed_petition_complaint": ("信访举报投诉类申请", "信访举报投诉", "信访", "举报投诉"),
    "not_processed_duplicate": ("重复申请",),
    "not_processed_publication": ("要求提供公开出版物", "公开出版物", "出版物"),
    "not_processed_excessive": ("无正当理由大量反复申请", "大量反复申请", "反复申请"),
    "not_processed_confirmation": ("确认或重新出具已获取信息", "确认或重新出具", "重新出具"),
    "not_processed": ("不予处理",),
    "other_overdue_correction": ("逾期不补正", "无正当理由逾期不补正", "不补正"),
    "other_overdue_fee": (
        "逾期未按收费通知要求缴纳费用",
        "未按收费通知",
        "缴纳费用",
        "未缴费",
        "不缴费",
        "逾期未缴纳信息处理费",
        "未缴纳信息处理费",
        "逾期未缴纳",
    ),
    "other_other": ("其他处理中的其他", "属于其他情形", "其他情形"),
    "other": ("其他处理",),
    "granted": ("予以公开", "同意公开", "准予公开", "全部公开", "公开了"),
    "carried_forward": (
        "结转下年度继续办理", "结转下年度", "结转到下一年", "结转至下一年", "结转到下年", "结转至下年",
        "结转下一年", "下年度继续办理", "顺延到下年度", "顺延至下年度", "转入下一年", "转入下年",
    ),
    "carried_over": ("上年结转", "上年度结转", "上一年结转", "上一年度结转", "去年结转", "从上年结转", "上年度转入"),
    "total_handled": ("办理结果总计", "办理结果", "办结", "办理完毕", "作出答复", "答复", "处理总数", "办理总数", "总计"),
    "new_received": ("本年新收", "新收到", "新收", "收到", "受理", "接收", "新提出", "提出", "提交", "申请数量", "申请量", "申请了"),
}  # fmt: skip

APPLICATION_COLUMN_PHRASES: dict[str, tuple[str, ...]] = {
    "legal_persons": ("法人或其他组织", "法人和其他组织", "法人及其他组织", "法人等组织", "法人"),
    "commercial_enterprise": ("商业企业", "企业", "公司"),
    "research_institution": ("科研机构", "科研院所", "研究机构"),
    "social_welfare_org": ("社会公益组织", "公益组织"),
    "legal_service_org": ("法律服务机构", "律师事务所", "律所", "律师"),
    "other_org": ("其他组织", "其他机构", "其他类型"),
    "natural_person": ("自然人", "个人", "公民", "群众", "老百姓", "市民", "居民"),
}

REVIEW_GROUP_PHRASES: dict[str, tuple[str, ...]] = {
    "litigation_after_review": ("复议后起诉", "复议后提起诉讼", "复议后提起行政诉讼", "经复议后"),
    "litigation_direct": ("未经复议直接起诉", "直接起诉", "未经复议", "直接提起诉讼", "直接提起行政诉讼"),
    "litigation": ("行政诉讼", "诉讼", "起诉", "打官司", "败诉", "被告"),
    "review": ("行政复议", "复议"),
}
REVIEW_COLUMN_PHRASES: dict[str, tuple[str, ...]] = {
    "upheld": ("结果维持", "维持"),
    "corrected": ("结果纠正", "纠正", "纠错", "撤销", "败诉"),
    "other": ("其他结果", "结果其他"),
    "pending": ("尚未审结", "未审结", "未结案", "在审", "审理中", "未审完"),
}

PROACTIVE_ROW_PHRASES: dict[str, tuple[str, ...]] = {
    "normative_documents": ("行政规范性文件", "规范性文件"),
    "regulations": ("规章",),
    "administrative_licensing": ("行政许可", "许可"),
    "administrative_punishment": ("行政处罚", "处罚"),
    "administrative_coercion": ("行政强制", "强制措施", "强制"),
    "administrative_fees": ("行政事业性收费", "事业性收费", "收费"),
}
PROACTIVE_COLUMN_PHRASES: dict[str, tuple[str, ...]] = {
    "repealed": ("废止", "废除", "取消"),
    "in_force": ("现行有效", "有效"),
    "issued": ("制发", "新制发", "制定", "出台", "印发", "发布", "新增", "新制定"),
}

CHANGE_WORDS = (
    "增加",
    "减少",
    "增长",
    "下降",
    "回落",
    "上升",
    "比上年",
    "较上年",
    "同比",
    "较去年",
    "比去年",
    "环比",
    "持平",
)


LEXICON_TABLES: tuple[dict[str, tuple[str, ...]], ...] = (
    APPLICATION_ROW_PHRASES,
    APPLICATION_COLUMN_PHRASES,
    REVIEW_GROUP_PHRASES,
    REVIEW_COLUMN_PHRASES,
    PROACTIVE_ROW_PHRASES,
    PROACTIVE_COLUMN_PHRASES,
)


@dataclass(frozen=True)
class PhraseHit:
    key: str
    phrase: str
    start: int
    end: int


_LONGEST_FIRST: dict[int, list[tuple[str, str]]] = {}


def _longest_first(table: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(phrase, key) of a lexicon table, longest first; sorted once per table (the hot path of every answer)."""
    if id(table) not in _LONGEST_FIRST:
        pairs = ((phrase, key) for key, phrases in table.items() for phrase in phrases)
        _LONGEST_FIRST[id(table)] = sorted(pairs, key=lambda pk: -len(pk[0]))
    return _LONGEST_FIRST[id(table)]


def find_phrases(text: str, table: dict[str, tuple[str, ...]]) -> list[PhraseHit]:
    """Non-overlapping phrase hits, longest phrase first, in text order."""
    taken = [False] * len(text)
    hits = []
    for phrase, key in _longest_first(table):
        start = text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(phrase)
                hits.append(PhraseHit(key, phrase, start, end))
            start = text.find(phrase, start + 1)
    return sorted(hits, key=lambda h: h.start)


def application_columns(key: str) -> tuple[str, ...]:
    return schema.LEGAL_PERSON_COLUMN_KEYS if key == "legal_persons" else (key,)


def column_label(key: str) -> str:
    return schema.LEGAL_PERSONS_LABEL if key == "legal_persons" else schema.column_name(key)


_JOINED = re.compile(r"[和及与、加]")
# More specific rows beat generic verbs: 「收到的申请中予以公开多少」 asks for granted, not new_received.
_ROW_PRIORITY = {"new_received": 0, "total_handled": 1, "carried_over": 2, "carried_forward": 2}
# new_received and total_handled by their own names, not by a generic verb (收到, 答复)
_NAMED_TOTALS = {("new_received", p) for p in ("本年新收", "新收", "新收到")} | {
    ("total_handled", p) for p in ("办理结果总计", "处理总数", "办理总数")
}


def row_priority(hit: PhraseHit) -> int:
    """How specifically a hit names a table-3 row: 0–1 generic verbs and totals (收到, 总计), 2 a row by
    its own name, 3 an outcome group, 4 a single outcome row."""
    if (hit.key, hit.phrase) in _NAMED_TOTALS:
        return _ROW_PRIORITY[
            "carried_over"
        ]  # 「本年新收和上年结转」「办理结果总计与结转下年度」 name both rows
    if hit.key in _ROW_PRIORITY:
        return _ROW_PRIORITY[hit.key]
    if hit.key in schema.OUTCOME_GROUPS and hit.key not in ("granted", "partially_granted"):
        return 3  # a group
    return 4  # a single outcome row


def pick_rows(hits: list[PhraseHit], text: str) -> list[str]:
    """The table-3 row sets named: the most specific; several only when joined by 和/及/与, and then
    every row named by its own name (「予以公开和不予公开」), not rows implied by a generic verb (收到)."""
    priority: dict[str, int] = {}
    for hit in hits:
        priority[hit.key] = max(priority.get(hit.key, 0), row_priority(hit))
    keys = list(priority)
    # a group named together with one of its own rows: the row is meant
    keys = [
        k
        for k in keys
        if not (k in schema.OUTCOME_GROUPS and any(o in schema.OUTCOME_GROUPS[k] and o != k for o in keys))
    ]
    if not keys:
        return []
    best = max(priority[k] for k in keys)
    if _JOINED.search(text):
        return [k for k in keys if priority[k] >= min(best, _ROW_PRIORITY["carried_over"])]
    return [k for k in keys if priority[k] == best][-1:]


def column_sets(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Each table-3 column the text names (法人或其他组织 as one set of five), with its label;
    several only when joined by 和/及/与."""
    keys = list(dict.fromkeys(h.key for h in find_phrases(text, APPLICATION_COLUMN_PHRASES)))
    if "legal_persons" in keys and len(keys) > 1:
        keys.remove("legal_persons")
    if len(keys) > 1 and not _JOINED.search(text):
        keys = keys[-1:]
    return [(application_columns(k), column_label(k)) for k in keys]


def pick_columns(text: str) -> tuple[tuple[str, ...], str]:
    """(table-3 column keys, their label) named in the text, summed; (("total",), "") when none."""
    sets = column_sets(text)
    if not sets:
        return ("total",), ""
    return tuple(c for columns, _ in sets for c in columns), "、".join(label for _, label in sets)


def merge_metrics(metrics: list[Metric]) -> Metric:
    """Several row sets of the same columns summed (「不予公开和无法提供」)."""
    if len(metrics) == 1:
        return metrics[0]
    rows = tuple(dict.fromkeys(r for m in metrics for r in m.rows))
    label = "和".join(m.label.split("（")[0] for m in metrics) + "（" + metrics[0].label.split("（", 1)[1]
    return Metric(metrics[0].table, rows, metrics[0].columns, label)


def application_metric_in(text: str, row_hits: list[PhraseHit] | None = None) -> Metric | None:
    hits = find_phrases(text, APPLICATION_ROW_PHRASES) if row_hits is None else row_hits
    rows = pick_rows(hits, text)
    columns, col_label = pick_columns(text)
    if not rows:
        if columns == ("total",):
            return None
        rows = ["new_received"]  # 「法律服务机构有多少件」: applications by who asked
    return merge_metrics([application_metric(r, columns, col_label) for r in rows])


def review_metric_in(text: str) -> Metric | None:
    """Table-4 groups named (诉讼 alone means both kinds of suit) and the outcome (default 总计)."""
    named = {h.key for h in find_phrases(text, REVIEW_GROUP_PHRASES)}
    if not named:
        return None
    groups = [g for g in ("review", "litigation_direct", "litigation_after_review") if g in named]
    if "litigation" in named and not ({"litigation_direct", "litigation_after_review"} & named):
        groups += ["litigation_direct", "litigation_after_review"]
    outcome = find_phrases(text, REVIEW_COLUMN_PHRASES)
    return review_metric(tuple(groups), outcome[-1].key if outcome else "total")


def proactive_metric_in(text: str) -> tuple[Metric | None, str | None]:
    """(metric, row); rows joined by 和 with one shared column are summed (「行政处罚和行政强制决定」).
    The metric is None when a 规章/规范性文件 row is named without its column."""
    hits = find_phrases(text, PROACTIVE_ROW_PHRASES)
    if not hits:
        return None, None
    rows = list(dict.fromkeys(h.key for h in hits)) if _JOINED.search(text) else [hits[-1].key]
    columns = {schema.PROACTIVE_ROW_COLUMNS[r] for r in rows}
    if len(columns) > 1:
        rows = [hits[-1].key]
    row = rows[-1]
    allowed = schema.PROACTIVE_ROW_COLUMNS[row]
    if len(allowed) == 1:
        column = allowed[0]
    else:
        column_hits = [h for h in find_phrases(text, PROACTIVE_COLUMN_PHRASES) if h.key in allowed]
        if not column_hits:
            return None, row
        column = column_hits[-1].key
    metrics = [proactive_metric(r, column) for r in rows]
    if len(metrics) == 1:
        return metrics[0], row
    label = (
        "和".join(schema.PROACTIVE_ROW_BY_KEY[r].label for r in rows)
        + schema.PROACTIVE_COLUMN_BY_KEY[column].label
    )
    return Metric(schema.TABLE_PROACTIVE, tuple(rows), (column,), label), row


def metric_in(context: str, max_gap: int | None = None) -> Metric | None:
    """The table item a stretch of prose names; the table whose phrase comes last decides.
    With `max_gap`, that phrase must end within so many characters of the context's end (the figure).

    Used on the words before a figure: 「其中予以公开」 -> granted; 「行政处罚」 -> punishment decisions;
    「因“属于国家秘密”不予公开的申请」 -> denied_state_secret (a reason beats its group).
    """
    last = {
        "review": max((h.end for h in find_phrases(context, REVIEW_GROUP_PHRASES)), default=-1),
        "proactive": max((h.end for h in find_phrases(context, PROACTIVE_ROW_PHRASES)), default=-1),
        "rows": max((h.end for h in find_phrases(context, APPLICATION_ROW_PHRASES)), default=-1),
        "columns": max((h.end for h in find_phrases(context, APPLICATION_COLUMN_PHRASES)), default=-1),
    }
    kind = max(last, key=lambda k: last[k])
    if last[kind] < 0 or (max_gap is not None and len(context) - last[kind] > max_gap):
        return None
    if kind == "review":
        return review_metric_in(context)
    if kind == "proactive":
        return proactive_metric_in(context)[0]
    return application_metric_in(context)
