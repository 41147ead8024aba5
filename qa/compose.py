"""The offline composer: short, natural Chinese answers from a Resolution or from retrieved passages.

Every figure is written right after the words that name it (「予以公开的申请1362件」), so the checker can
bind each figure to its table item; the derivation goes into the figure's provenance, not the prose.
A blank cell is said to be blank (「报告未填写该项」), never 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ingest import schema
from ingest.figures import MONEY_FACTORS, Figure, extract_figures
from ingest.metrics import Derivation, Metric
from ingest.numerals import plain
from ingest.records import Number, Report
from qa.intent import WHICH_YEAR, mentions, rank_word, ranks_lowest
from qa.records import Citation, Draft, Passage, Query
from qa.resolve import Fact, Resolution


def fmt_number(value: Number | None, unit: str) -> str:
    if value is None:
        return "（空白）"
    if unit == "%":
        return f"{float(value):.1f}%"
    if unit == "百分点":
        return f"{float(value):.1f}个百分点"
    if unit == "倍":
        return f"{float(value):.2f}倍"
    return f"{plain(value)}{unit}"


def who(report: Report) -> str:
    return f"{report.meta.agency}{report.meta.year}年"


def phrase(metric: Metric) -> str:
    """Words that name a metric in a sentence, ending right where its figure goes."""
    if metric.table == schema.TABLE_REVIEW:
        groups, column = metric.rows, metric.columns[0]
        if set(groups) == {"litigation_direct", "litigation_after_review"}:
            subject = "因政府信息公开被提起行政诉讼（未经复议直接起诉与复议后起诉）"
        elif groups == ("review",):
            subject = "因政府信息公开被申请行政复议"
        elif groups == ("litigation_direct",):
            subject = "因政府信息公开被未经复议直接起诉的行政诉讼"
        elif groups == ("litigation_after_review",):
            subject = "因政府信息公开被复议后起诉的行政诉讼"
        else:
            subject = "因政府信息公开被申请行政复议和提起行政诉讼"
        outcome = {
            "total": "共",
            "upheld": "中结果维持的",
            "corrected": "中结果纠正的",
            "other": "中其他结果的",
            "pending": "中尚未审结的",
        }
        return subject + outcome[column]
    if metric.table == schema.TABLE_PROACTIVE:
        column = metric.columns[0]
        label = "和".join(schema.PROACTIVE_ROW_BY_KEY[r].label for r in metric.rows)
        return {
            "issued": f"本年制发{label}",
            "repealed": f"本年废止{label}",
            "in_force": f"现行有效的{label}",
            "decisions": f"{label}本年处理决定数量{'合计' if len(metric.rows) > 1 else '为'}",
            "amount_10k_yuan": f"{label}本年收费金额为",
        }[column]
    rows = metric.rows
    by = metric.label.split("（", 1)[1].rstrip("）") if "（" in metric.label else "总计"
    column = "" if by == "总计" else f"{by}提出的申请中，"
    if rows == ("new_received",):
        return f"{by}提出的本年新收政府信息公开申请" if column else "本年新收政府信息公开申请共"
    for group, members in schema.OUTCOME_GROUPS.items():
        if rows == members and len(members) > 1:
            return f"{column}{schema.OUTCOME_GROUP_LABELS[group]}的申请合计"
    if rows == ("granted", "partially_granted"):
        return f"{column}予以公开和部分公开的申请合计"
    if rows == ("new_received", "carried_over"):
        return f"{column}本年新收和上年结转的申请合计"
    if len(rows) == 1:
        key = rows[0]
        row = schema.ROW_BY_KEY[key]
        if row.group in ("denied", "unavailable", "not_processed", "other"):
            reason = row.label.split(".", 1)[-1]
            group = {
                "denied": "不予公开",
                "unavailable": "无法提供",
                "not_processed": "不予处理",
                "other": "其他处理",
            }[row.group]
            if key == "other_other":
                return f"{column}其他处理中属于其他情形的申请"
            return f"{column}因「{reason}」{group}的申请"
        return {
            "carried_over": f"{column}上年结转的申请",
            "granted": f"{column}予以公开的申请",
            "partially_granted": f"{column}部分公开的申请",
            "other_processing": f"{column}其他处理的申请",
            "total_handled": f"{column}办理结果总计",
            "carried_forward": f"{column}结转下年度继续办理的申请",
        }[key]
    return f"{column}{_rows_named(rows)}的申请合计"


def _rows_named(rows: Sequence[str]) -> str:
    """Summed rows named by their groups where whole groups are summed: 「不予公开和无法提供」, not the
    eleven reasons one by one."""
    whole = {
        row: schema.OUTCOME_GROUP_LABELS[group]
        for group, members in schema.OUTCOME_GROUPS.items()
        if len(members) > 1 and set(members) <= set(rows)
        for row in members
    }
    return "和".join(dict.fromkeys(whole.get(r) or schema.row_name(r) for r in rows))


def _cell_quote(fact: Fact) -> str:
    d = fact.derivation
    if len(d.cells) == 1:
        cell = d.cells[0]
        return f"{cell.path}：{cell.raw_text or '（空白）'}"
    return f"{fact.label}：{d.formula}" + (f"（{d.note}）" if d.note else "")


def table_citations(facts: Sequence[Fact]) -> tuple[Citation, ...]:
    out = []
    for fact in facts:
        for report in fact.reports[:1]:
            section = (
                schema.TABLE_TITLES.get(fact.derivation.cells[0].table, "") if fact.derivation.cells else ""
            )
            out.append(
                Citation(report.source_name, report.meta.agency, report.meta.year, section, _cell_quote(fact))
            )
    return tuple(dict.fromkeys(out))


def _with_assumptions(text: str, notes: Sequence[str]) -> str:
    return text + (f"（说明：{'；'.join(notes)}。）" if notes else "")


def compose_structured(query: Query, resolution: Resolution, notes: Sequence[str]) -> Draft:
    facts = resolution.facts
    if resolution.missing:
        return Draft(_with_assumptions(f"{resolution.missing}，无法回答。", notes), False, "structured")
    if resolution.listed:
        return _listed(facts, [*notes, *resolution.notes])
    primary = resolution.primary
    if resolution.blank or primary is None:
        # name the report and the cell that is blank, not merely the first one asked about
        fact = next((f for f in facts if f.derivation.value is None), facts[0])
        report, d = fact.reports[0], fact.derivation
        if d.unit == "%":
            text = f"{who(report)}「{fact.label}」{d.formula}。"
        else:
            cell = next((c for c in d.cells if c.value is None), d.cells[0] if d.cells else None)
            where = cell.path if cell else fact.label
            text = f"{who(report)}报告未填写该项：表中「{where}」一栏为空白（空白不代表没有），无法给出数字。"
        return Draft(_with_assumptions(text, notes), True, "structured", citations=table_citations(facts))
    text = ""
    if primary.role == "share":
        part, whole = facts[0], facts[1]
        report = part.reports[0]
        stated = (
            f"{who(report)}{_phrase_for(part)}{fmt_number(part.derivation.value, part.derivation.unit)}，"
        )
        whole_text = f"{_phrase_for(whole)}{fmt_number(whole.derivation.value, whole.derivation.unit)}"
        if primary.derivation.value is None:  # 「纠错率」 of a year without a single review
            text = f"{stated}{whole_text}，分母为零，无法计算比例。"
        else:
            text = f"{stated}占{whole_text}的{fmt_number(primary.derivation.value, '%')}。"
    elif primary.role in ("change", "growth"):
        later, earlier, change = facts[0], facts[1], facts[2]
        value = change.derivation.value or 0
        trend = "增加" if value > 0 else ("减少" if value < 0 else "持平，变化")
        amount = fmt_number(abs(value), change.derivation.unit)
        p = _phrase_for(later)
        text = (
            f"{later.reports[0].meta.agency}{later.reports[0].meta.year}年{p}{fmt_number(later.derivation.value, later.derivation.unit)}，"
            f"{earlier.reports[0].meta.year}年{p}{fmt_number(earlier.derivation.value, earlier.derivation.unit)}；"
            f"{later.reports[0].meta.year}年比{earlier.reports[0].meta.year}年{trend}{amount}"
        )
        growth = next((f for f in facts if f.role == "growth"), None)
        if growth is not None and growth.derivation.value is not None and value != 0:
            text += f"（同比{'增长' if value > 0 else '下降'}{fmt_number(abs(float(growth.derivation.value)), '%')}）"
        text += "。"
        if WHICH_YEAR.search(query.question) and value != 0:  # 「哪一年更多」: the year first
            higher = (value > 0) != ranks_lowest(query.question)
            year = (later if higher else earlier).reports[0].meta.year
            text = f"{year}年{rank_word(query.question).replace('最', '更')}。{text}"
    elif primary.role == "average":
        whole = facts[0]
        text = (
            f"{who(whole.reports[0])}{_phrase_for(whole)}{fmt_number(whole.derivation.value, whole.derivation.unit)}，"
            f"{primary.label}约{fmt_number(round(float(primary.derivation.value or 0), 1), primary.derivation.unit)}"
            f"（年报只有全年数，此为{primary.derivation.note}）。"
        )
    elif primary.role == "multiple":
        text = f"{_two_figures(facts[0], facts[1])}前者是后者的{fmt_number(primary.derivation.value, '倍')}。"
    elif primary.role == "gap":
        gap = facts[2]  # (the primary may be the gap's magnitude)
        value = gap.derivation.value or 0
        # 多出/少了 carry the direction for the checker (qa.check reads them as a signed change)
        how = (
            f"多出{fmt_number(value, gap.derivation.unit)}"
            if value > 0
            else (f"少了{fmt_number(-value, gap.derivation.unit)}" if value < 0 else "一样多")
        )
        text = f"{_two_figures(facts[0], facts[1])}前者比后者{how}。"
    elif primary.role == "sum":
        parts = [f for f in facts if f.role == "part"]
        listed = "，".join(
            f"{who(f.reports[0])}{_phrase_for(f)}{fmt_number(f.derivation.value, f.derivation.unit)}"
            for f in parts
        )
        text = f"{listed}；以上合计{fmt_number(primary.derivation.value, primary.derivation.unit)}。"
    elif primary.role == "rank":
        ranked = "，".join(
            f"{who(f.reports[0])}{_phrase_for(f)}{fmt_number(f.derivation.value, f.derivation.unit)}"
            for f in facts
        )
        best = primary.reports[0]
        text = f"按库中报告，{best.meta.agency}{rank_word(query.question)}。{ranked}。"
    else:
        report = primary.reports[0]
        amount = fmt_number(primary.derivation.value, primary.derivation.unit)
        text = f"{who(report)}{_phrase_for(primary)}{amount}{_in_asked_money_unit(query.question, primary.derivation)}。"
        if primary.derivation.note:
            text += f"（{primary.derivation.note}。）"
    return Draft(
        _with_assumptions(text + _caveat(facts), [*notes, *resolution.notes]),
        True,
        "structured",
        primary=primary.derivation,
        primary_unit=primary.derivation.unit,
        derivations=tuple(f.derivation for f in facts),
        citations=table_citations(facts),
    )


def _two_figures(first: Fact, second: Fact) -> str:
    """「A的X为a，(B的)Y为b；」: the two figures a difference or a multiple is made of."""
    other = who(second.reports[0]) if second.reports[0].id != first.reports[0].id else ""
    return (
        f"{who(first.reports[0])}{_phrase_for(first)}{fmt_number(first.derivation.value, first.derivation.unit)}，"
        f"{other}{_phrase_for(second)}{fmt_number(second.derivation.value, second.derivation.unit)}；"
    )


def _in_asked_money_unit(question: str, derivation: Derivation) -> str:
    """「收费是多少亿元」「多少元」: the 万元 figure also in the unit asked, e.g. （约9.62亿元）."""
    asked = re.search(r"多少(亿元|元)|(亿元|元)吗", question)
    if derivation.unit != "万元" or derivation.value is None or asked is None:
        return ""
    unit = asked.group(1) or asked.group(2)
    value = float(Decimal(str(derivation.value)) * MONEY_FACTORS["万元"] / MONEY_FACTORS[unit])
    return f"（即{plain(round(value, 2))}元）" if unit == "元" else f"（约{value:.2f}亿元）"


def _caveat(facts: Sequence[Fact]) -> str:
    """A warning when a figure rests on a cell of a consistency rule the report itself breaks (洪泽区2023:
    表四「行政复议」总计 printed 0 while its outcomes add up to 11). The figure is as printed; the citizen
    must not take it as settled. Digit-free, so the checker has nothing of it to check."""
    paths = {c.path for f in facts for c in f.derivation.cells}
    reports = {r.id: r for f in facts for r in f.reports}.values()
    broken = [
        f"{who(report)}报告{re.sub(r'「[0-9]+[.、．]', '「', finding.message.split('：')[0])}"
        for report in reports
        for finding in report.findings
        if finding.severity == "error" and paths & set(finding.cells)
    ]
    if not broken:
        return ""
    where = "；".join(dict.fromkeys(broken))
    return f"（注意：{where}的勾稽关系不成立，原报告自身不一致，此数字照原报告所印，可能有误。）"


def _stated(fact: Fact) -> str:
    """One fact in a sentence: its figure after the words that name it, or why there is none."""
    d = fact.derivation
    if not d.cells:
        return f"「{fact.label}」报告中没有这一项"
    if d.value is None:
        return f"「{fact.label}」报告未填写（空白不代表没有）"
    return f"{_phrase_for(fact)}{fmt_number(d.value, d.unit)}" + (f"（{d.note}）" if d.note else "")


def _listed(facts: Sequence[Fact], notes: Sequence[str]) -> Draft:
    """Several figures stated one by one, grouped by report, never summed: 「淮安市人民政府2024年予以公开的
    申请1362件，部分公开的申请454件。」 No single figure answers, so there is no primary figure."""
    by_report: dict[str, list[Fact]] = {}
    for fact in facts:
        by_report.setdefault(fact.reports[0].id, []).append(fact)
    text = "；".join(
        who(group[0].reports[0]) + "，".join(_stated(f) for f in group) for group in by_report.values()
    )
    return Draft(
        _with_assumptions(text + "。" + _caveat(facts), notes),
        True,
        "structured",
        derivations=tuple(f.derivation for f in facts),
        citations=table_citations(facts),
    )


def _phrase_for(fact: Fact) -> str:
    """The words that introduce a fact's figure: the metric's phrase, or its label for raw items."""
    return phrase(fact.metric) if fact.metric is not None else f"「{fact.label}」为"


# ---- extractive answers from prose -------------------------------------------------------------

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
MAX_QUOTE_CHARS = 220


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= 4]


_CLAUSE_BREAKS = "，,；;。：:"


def clause_of(sentence: str, figure: Figure) -> tuple[int, int]:
    """Start and end of the clause a figure sits in (between commas, semicolons, colons)."""
    start = max(sentence.rfind(ch, 0, figure.start) for ch in _CLAUSE_BREAKS) + 1
    end = min(
        (i for ch in _CLAUSE_BREAKS if (i := sentence.find(ch, figure.end)) >= 0), default=len(sentence)
    )
    return start, end


def best_figure(
    sentence: str, keywords: Sequence[str], unit_hint: str | None, tie_breakers: Sequence[str] = ()
) -> Figure | None:
    """The figure that answers: in the asked unit, after the clause that names the most asked words
    (`keywords`, then `tie_breakers`: 「人事任免文件多少件」 among 「……文件60件，人事任免文件141件」).

    Chinese puts the count after what it counts (「承办…建议2件，承办…提案5件」), so each figure is
    judged by the words of its own clause before it."""
    figures = extract_figures(sentence)
    if unit_hint:
        same_unit = [
            f for f in figures if f.unit == unit_hint or (unit_hint == "元" and f.unit in ("元", "万元"))
        ]
        figures = same_unit or figures
    if not figures:
        return None

    def named(figure: Figure, words: Sequence[str]) -> int:
        clause = sentence[clause_of(sentence, figure)[0] : figure.start]
        return sum(len(k) for k in words if mentions(clause, k))

    return max(figures, key=lambda f: (named(f, keywords), named(f, tie_breakers), -f.start))


def compose_extractive(
    query: Query, picked: Sequence[tuple[Passage, str]], unit_hint: str | None, notes: Sequence[str]
) -> Draft:
    """Quote the best sentences; when a number is asked, the figure nearest the question's words answers."""
    passage, sentence = picked[0]
    report_name = f"{passage.report.agency}{passage.report.year}年年报"
    primary = None
    if query.wants_number or query.yes_no:
        figure = best_figure(sentence, query.focus or query.keywords, unit_hint, query.keywords)
        if figure is not None:
            primary = Derivation(figure.value, figure.unit or "", f"引自正文：{sentence}", ())
    quoted = "".join(s for _, s in picked)[:MAX_QUOTE_CHARS]
    text = f"据{report_name}（{passage.heading or '正文'}）：「{quoted}」"
    citations = tuple(
        Citation(p.report.source_name, p.report.agency, p.report.year, p.heading, p.text) for p, _ in picked
    )
    return Draft(
        _with_assumptions(text, notes),
        True,
        "extractive",
        primary=primary,
        primary_unit=primary.unit if primary else None,
        citations=tuple(dict.fromkeys(citations)),
        passages=tuple(p for p, _ in picked),
    )
