"""The standard tables of 国办公开办函〔2021〕30号 as the contract keys of design §2.

This module is the single source of truth for row/column keys, their official Chinese labels,
their aliases (how reports and citizens name them), units and groupings. Parsing, rules, chunking,
question understanding and the UI all read it; nobody else spells a label.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE_PROACTIVE = "proactive"
TABLE_APPLICATIONS = "applications"
TABLE_REVIEW = "review_litigation"
TABLES = (TABLE_PROACTIVE, TABLE_APPLICATIONS, TABLE_REVIEW)

TABLE_TITLES = {
    TABLE_PROACTIVE: "表二 主动公开政府信息情况",
    TABLE_APPLICATIONS: "表三 收到和处理政府信息公开申请情况",
    TABLE_REVIEW: "表四 政府信息公开行政复议、行政诉讼情况",
}
TABLE_SHORT = {TABLE_PROACTIVE: "表二", TABLE_APPLICATIONS: "表三", TABLE_REVIEW: "表四"}


@dataclass(frozen=True)
class Label:
    """A row or column of a standard table: its key, the official label, and other names for it."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None  # the parent row (e.g. denied) or column group (legal persons)
    number: int | None = None  # the printed ordinal within its group ("1." … "8.")


# ---- 表三 rows, in the official order ---------------------------------------------------------

GROUP_LABELS = {
    "results": "三、本年度办理结果",
    "denied": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

APPLICATION_ROWS: tuple[Label, ...] = (
    Label("new_received", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息公开申请")),
    Label("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    Label("granted", "（一）予以公开", ("予以公开",), "results", 1),
    Label(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
        "results",
        2,
    ),
    Label("denied_state_secret", "1.属于国家秘密", ("属于国家秘密", "国家秘密"), "denied", 1),
    Label(
        "denied_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        ("其他法律行政法规禁止公开", "法律行政法规禁止公开"),
        "denied",
        2,
    ),
    Label(
        "denied_three_safeties_one_stability",
        "3.危及“三安全一稳定”",
        ("危及三安全一稳定", "危及国家安全、公共安全、经济安全、社会稳定", "三安全一稳定"),
        "denied",
        3,
    ),
    Label(
        "denied_third_party_rights",
        "4.保护第三方合法权益",
        ("保护第三方合法权益", "第三方合法权益"),
        "denied",
        4,
    ),
    Label(
        "denied_internal_affairs",
        "5.属于三类内部事务信息",
        ("属于三类内部事务信息", "内部事务信息"),
        "denied",
        5,
    ),
    Label(
        "denied_process_information",
        "6.属于四类过程性信息",
        ("属于四类过程性信息", "过程性信息"),
        "denied",
        6,
    ),
    Label(
        "denied_enforcement_case_file",
        "7.属于行政执法案卷",
        ("属于行政执法案卷", "行政执法案卷"),
        "denied",
        7,
    ),
    Label(
        "denied_administrative_query", "8.属于行政查询事项", ("属于行政查询事项", "行政查询事项"), "denied", 8
    ),
    Label(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        ("本机关不掌握相关政府信息", "不掌握相关政府信息"),
        "unavailable",
        1,
    ),
    Label(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        ("没有现成信息需要另行制作", "需要另行制作"),
        "unavailable",
        2,
    ),
    Label(
        "unavailable_unclear_after_correction",
        "3.补正后申请内容仍不明确",
        ("补正后申请内容仍不明确", "申请内容不明确"),
        "unavailable",
        3,
    ),
    Label(
        "not_processed_petition_complaint",
        "1.信访举报投诉类申请",
        ("信访举报投诉类申请", "信访举报投诉"),
        "not_processed",
        1,
    ),
    Label("not_processed_duplicate", "2.重复申请", ("重复申请",), "not_processed", 2),
    Label(
        "not_processed_publication",
        "3.要求提供公开出版物",
        ("要求提供公开出版物", "公开出版物"),
        "not_processed",
        3,
    ),
    Label(
        "not_processed_excessive",
        "4.无正当理由大量反复申请",
        ("无正当理由大量反复申请", "大量反复申请"),
        "not_processed",
        4,
    ),
    Label(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        ("要求行政机关确认或重新出具已获取信息", "确认或重新出具已获取信息"),
        "not_processed",
        5,
    ),
    Label(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("申请人无正当理由逾期不补正", "逾期不补正"),
        "other",
        1,
    ),
    Label(
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("申请人逾期未按收费通知要求缴纳费用", "逾期未按收费通知要求缴纳费用", "逾期未缴纳费用"),
        "other",
        2,
    ),
    Label("other_other", "3.其他", ("其他",), "other", 3),
    # 2019–2020 layout: （六）其他处理 is one row.
    Label("other_processing", "（六）其他处理", ("其他处理",), "results", 6),
    Label("total_handled", "（七）总计", ("总计", "合计"), "results", 7),
    Label("carried_forward", "四、结转下年度继续办理", ("结转下年度继续办理", "结转下年度")),
)

APPLICATION_ROW_KEYS = tuple(r.key for r in APPLICATION_ROWS)
ROW_BY_KEY = {r.key: r for r in APPLICATION_ROWS}

DENIED_ROWS = tuple(r.key for r in APPLICATION_ROWS if r.group == "denied")
UNAVAILABLE_ROWS = tuple(r.key for r in APPLICATION_ROWS if r.group == "unavailable")
NOT_PROCESSED_ROWS = tuple(r.key for r in APPLICATION_ROWS if r.group == "not_processed")
OTHER_ROWS = tuple(r.key for r in APPLICATION_ROWS if r.group == "other")
# The outcome rows that add up to （七）总计 (rule A2); other_processing replaces the three other_* rows.
OUTCOME_ROWS = (
    "granted",
    "partially_granted",
    *DENIED_ROWS,
    *UNAVAILABLE_ROWS,
    *NOT_PROCESSED_ROWS,
    *OTHER_ROWS,
    "other_processing",
)
# Aggregated outcome categories a citizen asks about, each the sum of its rows.
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "granted": ("granted",),
    "partially_granted": ("partially_granted",),
    "denied": DENIED_ROWS,
    "unavailable": UNAVAILABLE_ROWS,
    "not_processed": NOT_PROCESSED_ROWS,
    "other": (*OTHER_ROWS, "other_processing"),
}
OUTCOME_GROUP_LABELS = {
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "denied": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}

_GROUP_SHORT = {
    "denied": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
_TOP_SHORT = {
    "new_received": "本年新收政府信息公开申请",
    "carried_over": "上年结转政府信息公开申请",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "other_processing": "其他处理",
    "total_handled": "办理结果总计",
    "carried_forward": "结转下年度继续办理",
}


def row_name(key: str) -> str:
    """A table-3 row named for a sentence: 「不予公开—属于国家秘密」, 「本年新收政府信息公开申请」."""
    if key in _TOP_SHORT:
        return _TOP_SHORT[key]
    label = ROW_BY_KEY[key]
    reason = label.label.split(".", 1)[-1]
    return f"{_GROUP_SHORT[label.group or '']}—{reason}"


# ---- 表三 columns ----------------------------------------------------------------------------

APPLICATION_COLUMNS: tuple[Label, ...] = (
    Label("natural_person", "自然人", ("个人", "公民")),
    Label("commercial_enterprise", "商业企业", ("企业",), "legal_persons"),
    Label("research_institution", "科研机构", (), "legal_persons"),
    Label("social_welfare_org", "社会公益组织", ("公益组织",), "legal_persons"),
    Label("legal_service_org", "法律服务机构", (), "legal_persons"),
    Label("other_org", "其他", ("其他组织",), "legal_persons"),
    Label("total", "总计", ("合计",)),
)
APPLICATION_COLUMN_KEYS = tuple(c.key for c in APPLICATION_COLUMNS)
APPLICANT_COLUMN_KEYS = APPLICATION_COLUMN_KEYS[:-1]
LEGAL_PERSON_COLUMN_KEYS = tuple(c.key for c in APPLICATION_COLUMNS if c.group == "legal_persons")
COLUMN_BY_KEY = {c.key: c for c in APPLICATION_COLUMNS}
LEGAL_PERSONS_LABEL = "法人或其他组织"


def column_name(key: str) -> str:
    """A table-3 column named for a sentence: the printed 「其他」 is said 「其他组织」 (「其他提出的申请」
    would read as any other applicant)."""
    return "其他组织" if key == "other_org" else COLUMN_BY_KEY[key].label


# ---- 表四 -------------------------------------------------------------------------------------

REVIEW_GROUPS: tuple[Label, ...] = (
    Label("review", "行政复议", ("复议",)),
    Label("litigation_direct", "行政诉讼/未经复议直接起诉", ("未经复议直接起诉", "直接起诉")),
    Label("litigation_after_review", "行政诉讼/复议后起诉", ("复议后起诉",)),
)
REVIEW_COLUMNS: tuple[Label, ...] = (
    Label("upheld", "结果维持", ("维持",)),
    Label("corrected", "结果纠正", ("纠正",)),
    Label("other", "其他结果", ()),
    Label("pending", "尚未审结", ("未审结",)),
    Label("total", "总计", ("合计",)),
)
REVIEW_GROUP_KEYS = tuple(g.key for g in REVIEW_GROUPS)
REVIEW_COLUMN_KEYS = tuple(c.key for c in REVIEW_COLUMNS)

# ---- 表二 -------------------------------------------------------------------------------------

PROACTIVE_ROWS: tuple[Label, ...] = (
    Label("regulations", "规章", (), "第二十条第（一）项"),
    Label("normative_documents", "行政规范性文件", ("规范性文件",), "第二十条第（一）项"),
    Label("administrative_licensing", "行政许可", (), "第二十条第（五）项"),
    Label("administrative_punishment", "行政处罚", (), "第二十条第（六）项"),
    Label("administrative_coercion", "行政强制", (), "第二十条第（六）项"),
    Label("administrative_fees", "行政事业性收费", ("收费",), "第二十条第（八）项"),
)
PROACTIVE_COLUMNS: tuple[Label, ...] = (
    Label("issued", "本年制发件数", ("本年新制发件数", "制发件数")),
    Label("repealed", "本年废止件数", ("废止件数",)),
    Label("in_force", "现行有效件数", ("现行有效",)),
    Label("decisions", "本年处理决定数量", ("处理决定数量", "本年处理决定数")),
    Label("amount_10k_yuan", "本年收费金额（单位：万元）", ("本年收费金额", "收费金额")),
)
# Which columns each table-2 row has in the 2021 layout.
PROACTIVE_ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "regulations": ("issued", "repealed", "in_force"),
    "normative_documents": ("issued", "repealed", "in_force"),
    "administrative_licensing": ("decisions",),
    "administrative_punishment": ("decisions",),
    "administrative_coercion": ("decisions",),
    "administrative_fees": ("amount_10k_yuan",),
}

# ---- 表二, 2019–2020 layout ------------------------------------------------------------------
# Older reports print other columns (and two more rows). Each is a named item of its own: 本年新制作数量
# is not 本年制发件数, and 本年增/减 is never answered by 处理决定数量. Keys extend the contract of
# design §2 (the 2021 keys stay, null where the older layout has no such column).

PROACTIVE_2019_ROWS: tuple[Label, ...] = (
    Label("other_external_services", "其他对外管理服务事项", ("对外管理服务事项",), "第二十条第（五）项"),
    Label("government_procurement", "政府集中采购", ("集中采购",), "第二十条第（九）项"),
)
PROACTIVE_2019_COLUMNS: tuple[Label, ...] = (
    Label("made", "本年新制作数量", ("本年新制作", "新制作数量")),
    Label("published", "本年新公开数量", ("本年新公开", "新公开数量")),
    Label("published_total", "对外公开总数量", ("对外公开总数",)),
    Label("items_last_year", "上一年项目数量", ("上年项目数量", "上一年项目数")),
    Label("items_change", "本年增/减", ("本年增减", "增/减", "增减")),  # signed
    Label("procurement_items", "采购项目数量", ("采购项目数",)),
    # printed in 元 or 万元; stored in 万元 like the fees (raw_text keeps what was printed)
    Label("procurement_amount_10k_yuan", "采购总金额", ("采购金额",)),
)
# Which columns each table-2 row has in the 2019–2020 layout (decisions and amount_10k_yuan are the
# 2021 columns of the same meaning: 处理决定数量, and a fee amount where one is printed).
PROACTIVE_2019_ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "regulations": ("made", "published", "published_total"),
    "normative_documents": ("made", "published", "published_total"),
    "administrative_licensing": ("items_last_year", "items_change", "decisions"),
    "other_external_services": ("items_last_year", "items_change", "decisions"),
    "administrative_punishment": ("items_last_year", "items_change", "decisions"),
    "administrative_coercion": ("items_last_year", "items_change", "decisions"),
    "administrative_fees": ("items_last_year", "items_change", "amount_10k_yuan"),
    "government_procurement": ("procurement_items", "procurement_amount_10k_yuan"),
}

PROACTIVE_ROW_BY_KEY = {r.key: r for r in (*PROACTIVE_ROWS, *PROACTIVE_2019_ROWS)}
PROACTIVE_COLUMN_BY_KEY = {c.key: c for c in (*PROACTIVE_COLUMNS, *PROACTIVE_2019_COLUMNS)}
_ITEM_COUNTS = ("items_last_year", "items_change", "procurement_items")


def unit_of(table: str, row: str, column: str) -> str:
    """The unit a cell is counted in: 万元 for money, 项 for counts of items, 件 for everything else."""
    if column in ("amount_10k_yuan", "procurement_amount_10k_yuan"):
        return "万元"
    return "项" if column in _ITEM_COUNTS else "件"


def cell_path(table: str, row: str, column: str) -> str:
    """A reader's path to a cell, e.g. 表三/三、本年度办理结果/（一）予以公开/总计."""
    if table == TABLE_APPLICATIONS:
        label = ROW_BY_KEY[row]
        parts = [TABLE_SHORT[table]]
        if label.group and label.group != "results":
            parts += [GROUP_LABELS["results"], GROUP_LABELS[label.group]]
        elif label.group == "results":
            parts.append(GROUP_LABELS["results"])
        parts.append(label.label.split("（区分")[0])
        col = COLUMN_BY_KEY[column]
        parts.append(f"{LEGAL_PERSONS_LABEL}/{col.label}" if col.group else col.label)
        return "/".join(parts)
    if table == TABLE_REVIEW:
        group = next(g for g in REVIEW_GROUPS if g.key == row)
        col = next(c for c in REVIEW_COLUMNS if c.key == column)
        return f"{TABLE_SHORT[table]}/{group.label}/{col.label}"
    prow = PROACTIVE_ROW_BY_KEY[row]
    pcol = PROACTIVE_COLUMN_BY_KEY.get(column)
    # a column of an older layout kept only in the raw grid (对外公开总数量 …) is named as printed
    return f"{TABLE_SHORT[table]}/{prow.group}/{prow.label}/{pcol.label if pcol else column}"


def cell_label(table: str, row: str, column: str) -> str:
    """A short Chinese name of a cell for answers: 「予以公开（总计）」, 「行政处罚处理决定数量」."""
    if table == TABLE_APPLICATIONS:
        row_label = ROW_BY_KEY[row].label
        row_label = row_label.split("（区分")[0].lstrip("一二三四、（）1234567890.")
        row_label = row_label.lstrip("）")
        return f"{row_label}（{column_name(column)}）"
    if table == TABLE_REVIEW:
        group = next(g for g in REVIEW_GROUPS if g.key == row).label.replace("行政诉讼/", "行政诉讼")
        col = next(c for c in REVIEW_COLUMNS if c.key == column).label
        return f"{group}{col}"
    return f"{PROACTIVE_ROW_BY_KEY[row].label}{PROACTIVE_COLUMN_BY_KEY[column].label}"


def empty_tables() -> dict[str, dict[str, dict[str, float | int | None]]]:
    """The contract skeleton with every cell null (2021 layout rows)."""
    return {
        TABLE_PROACTIVE: {row: dict.fromkeys(cols) for row, cols in PROACTIVE_ROW_COLUMNS.items()},
        TABLE_APPLICATIONS: {
            r.key: dict.fromkeys(APPLICATION_COLUMN_KEYS)
            for r in APPLICATION_ROWS
            if r.key != "other_processing"
        },
        TABLE_REVIEW: {g: dict.fromkeys(REVIEW_COLUMN_KEYS) for g in REVIEW_GROUP_KEYS},
    }
