"""Consistency rules (勾稽关系, design §3) over a parsed report, and across years of one agency.

A rule whose participants are all printed either holds (pass) or not (error). A rule with blank cells is
*not assessable* unless it holds with blanks read as 0 (then it passes, saying so) — a blank is never a
failure. When only a rule or two break and the rest hold, the report itself is probably wrong
(source_error); when many break at once the parse is the likelier culprit (parse_failure).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest import schema
from ingest.agree import agrees
from ingest.figures import Figure, extract_figures
from ingest.lexicon import ITEM_KINDS, gazetteer, lexicon
from ingest.lexicon.prose import CHANGE_WORDS, metric_in, scan
from ingest.metrics import Derivation, Metric, application_metric, evaluate, share
from ingest.numerals import as_number
from ingest.records import Diagnosis, Finding, Report, TableCell, Tables

PARSE_FAILURE_MIN_ERRORS = 4
APP = schema.TABLE_APPLICATIONS


def _fmt(value: float | int) -> str:
    return f"{as_number(value):g}" if isinstance(value, float) else str(value)


def _equation(
    rule: str, what: str, left: Sequence[TableCell | None], right: Sequence[TableCell | None]
) -> Finding:
    """left-sum == right-sum, with the blank-cell policy above."""
    cells = [c for c in (*left, *right) if c is not None]
    paths = tuple(c.path for c in cells)
    if all(c.value is None for c in cells):
        return Finding(rule, "not_assessable", f"{what}：相关单元格空白或未读出，无法核对", paths)
    lsum = sum((c.value or 0) for c in left if c is not None)
    rsum = sum((c.value or 0) for c in right if c is not None)
    blanks = any(c is None or c.value is None for c in (*left, *right))

    def side(cells: Sequence[TableCell | None], value: float) -> str:
        terms = ["空" if c is None or c.value is None else _fmt(c.value) for c in cells]
        if len(terms) > 1 and set(terms) == {"空"}:
            return f"{len(terms)}项均空白"  # not 「空 + 空 + … = 0」: a blank sum is not 0
        return terms[0] if len(terms) == 1 else f"{' + '.join(terms)} = {_fmt(value)}"

    sign = "=" if abs(lsum - rsum) < 1e-6 else "≠"
    detail = f"{side(left, lsum)} {sign} {side(right, rsum)}"
    if abs(lsum - rsum) < 1e-6:
        note = "（空白格按0计）" if blanks else ""
        return Finding(rule, "pass", f"{what}：成立{note}。{detail}", paths)
    if blanks:
        return Finding(rule, "not_assessable", f"{what}：含空白格，无法判定。{detail}", paths)
    return Finding(rule, "error", f"{what}：不成立。{detail}", paths)


def _app(tables: Tables, row: str, column: str) -> TableCell | None:
    return tables.get(APP, row, column)


def rule_a1(tables: Tables) -> list[Finding]:
    out = []
    for col in schema.APPLICATION_COLUMNS:
        left = [_app(tables, "new_received", col.key), _app(tables, "carried_over", col.key)]
        right = [_app(tables, "total_handled", col.key), _app(tables, "carried_forward", col.key)]
        out.append(_equation("A1", f"表三「{col.label}」列：新收+上年结转=办理总计+结转下年度", left, right))
    return out


def rule_a2(tables: Tables) -> list[Finding]:
    rows = [r for r in schema.OUTCOME_ROWS if tables.has_row(APP, r)]
    out = []
    for col in schema.APPLICATION_COLUMNS:
        total = _app(tables, "total_handled", col.key)
        if total is None or total.value is None:
            out.append(
                Finding("A2", "not_assessable", f"表三「{col.label}」列：（七）总计空白，无法核对", ())
            )
            continue
        parts = [_app(tables, r, col.key) for r in rows]
        out.append(_equation("A2", f"表三「{col.label}」列：（七）总计=各办理结果之和", [total], parts))
    return out


def rule_a3(tables: Tables) -> list[Finding]:
    out = []
    for row in schema.APPLICATION_ROWS:
        if not tables.has_row(APP, row.key):
            continue
        name = row.label.split("（区分")[0]
        total = _app(tables, row.key, "total")
        if total is None or total.value is None:
            out.append(Finding("A3", "not_assessable", f"表三「{name}」行：总计缺失，无法核对", ()))
            continue
        parts = [_app(tables, row.key, c) for c in schema.APPLICANT_COLUMN_KEYS]
        out.append(_equation("A3", f"表三「{name}」行：总计=各申请人之和", [total], parts))
    return out


def rule_b1(tables: Tables) -> list[Finding]:
    out = []
    for group in schema.REVIEW_GROUPS:
        total = tables.get(schema.TABLE_REVIEW, group.key, "total")
        parts = [
            tables.get(schema.TABLE_REVIEW, group.key, c) for c in ("upheld", "corrected", "other", "pending")
        ]
        if total is None and not any(parts):
            continue
        out.append(_equation("B1", f"表四「{group.label}」：总计=维持+纠正+其他+尚未审结", [total], parts))
    return out


# ---- T1: the report's prose against its own tables ------------------------------------------------

_T1_UNITS = ("件", "%", "万元", "元", None)


_CLAUSE_BREAKS = "；;"
T1_MAX_GAP = 16  # a phrase further from its figure than this is not what the figure counts


def _sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in text.replace("\n", "。").split("。")) if s]


def _claim(sentence: str, figure: Figure, left: str, next_start: int) -> Metric | None:
    """The table item a prose figure states: named just before it, or by its clause's subject
    (「行政复议351件，其中结果维持72件」), or just after it (「另有72件申请……顺延到下年度」)."""
    metric = metric_in(left, T1_MAX_GAP)
    if metric is not None:
        return metric
    clause_start = max(sentence.rfind(ch, 0, figure.start) for ch in _CLAUSE_BREAKS) + 1
    first = next(
        (f for f in extract_figures(sentence[clause_start:]) if clause_start + f.start < figure.start), None
    )
    names_part = scan(left, "review_outcome") or scan(left, "column")
    if first is not None and names_part:
        subject = sentence[clause_start : clause_start + first.start]
        metric = metric_in(subject + "，" + left, T1_MAX_GAP)
        if metric is not None:
            return metric
    right = re.split(r"[，；;、。（）()]", sentence[figure.end : next_start])[0]
    if any(w in right for w in CHANGE_WORDS):
        return None
    return metric_in(right)


@dataclass(frozen=True)
class ProseClaim:
    """A figure of a report's prose, the table item it states, and that item from the tables (a share
    is checked against both usual wholes, 办理结果总计 and 新收)."""

    figure: Figure
    label: str
    candidates: tuple[Derivation, ...]
    quote: str  # the figure with the words before it, as printed
    other_scope: bool = False  # said of a region, another organ or year, or a part: not the tables' scope

    @property
    def assessable(self) -> bool:
        return not self.other_scope and any(d.value is not None for d in self.candidates)

    @property
    def agrees(self) -> bool:
        return any(agrees(self.figure, d.value, d.unit, prose=True) for d in self.candidates)


def _organ_family(name: str) -> str | None:
    """The family of the organ a name ends with (淮安市洪泽区人民政府: government)."""
    for cut in range(len(name)):
        organ = gazetteer().organ_of(name[cut:])
        if organ is not None:
            return organ.key
    return None


def other_scope(clause: str, agency: str) -> bool:
    """The clause speaks of more or other than the agency itself: a whole region (全市, 各部门) or
    another organ (「区政府办代表区政府受理…」 in the report of 洪泽区人民政府)."""
    if lexicon().scan(clause, ("region_scope", "scope")):
        return True
    own = _organ_family(agency) if agency else None
    for organ in gazetteer().organs:
        if organ.key != own and not organ.government and any(n in clause for n in organ.names if len(n) >= 3):
            return True
    return False


_YEAR = re.compile(r"((?:19|20)\d{2})年")
_CLAUSE_END = re.compile(r"[，,；;：:（(]")


def narrower_scope(clause: str, year: int | None) -> bool:
    """The clause counts part of the item (网上申请, 涉及征地的申请) or another year (去年, 2023年):
    no claim about the table's item, which counts the whole year of the whole agency."""
    kinds = (*ITEM_KINDS, "prose_subset", "relative_year")
    for hit in lexicon().scan(clause, kinds):
        if hit.entry.kind == "prose_subset" or (hit.entry.kind == "relative_year" and hit.entry.offset):
            return True
    return year is not None and any(int(y) != year for y in _YEAR.findall(clause))


def _scopes(tables: Tables, metric: Metric) -> tuple[Derivation, ...]:
    """The item and the other sums the same words may mean in prose (受理: 新收, or 新收 + 上年结转)."""
    found = [evaluate(tables, metric)]
    entry = lexicon().find("row", metric.rows[0]) if metric.table == APP and len(metric.rows) == 1 else None
    for rows in entry.scopes if entry is not None else ():
        found.append(evaluate(tables, Metric(APP, rows, metric.columns, metric.label)))
    return tuple(found)


def prose_claims(
    sentence: str, tables: Tables, agency: str = "", year: int | None = None
) -> list[ProseClaim]:
    """The figures of one prose sentence that state a table item of the agency's own scope (rule T1;
    and the answer composer, which warns when it quotes a sentence the tables contradict). A figure
    the prose states of a region or another organ is no claim about these tables."""
    denominators = [
        evaluate(tables, application_metric("total_handled")),
        evaluate(tables, application_metric("new_received")),
    ]
    out: list[ProseClaim] = []
    previous: tuple[Metric, Derivation] | None = None
    last_end = 0
    figures = extract_figures(sentence)
    for i, figure in enumerate(figures):
        left = sentence[last_end : figure.start]
        last_end = figure.end
        # an approximate figure (「12345热线群众诉求2300余件」) is hardly ever a table's claim
        if figure.approx or figure.unit not in _T1_UNITS or any(w in left for w in CHANGE_WORDS):
            previous = None
            continue
        quote = sentence[max(0, figure.start - 20) : figure.end]
        if figure.unit == "%":
            if previous is not None and "占" in left:
                shares = tuple(share(previous[1], d) for d in denominators)
                out.append(ProseClaim(figure, f"{previous[0].label}占比", shares, quote))
            continue
        next_start = figures[i + 1].start if i + 1 < len(figures) else len(sentence)
        metric = _claim(sentence, figure, left, next_start)
        if metric is None or metric.unit != ("万元" if figure.unit in ("万元", "元") else "件"):
            previous = None
            continue
        clause = _CLAUSE_END.split(sentence[: figure.start])[-1]
        scoped = other_scope(sentence[: figure.start], agency) or narrower_scope(clause, year)
        candidates = _scopes(tables, metric)
        previous = None if scoped else (metric, candidates[0])
        out.append(ProseClaim(figure, metric.label, candidates, quote, scoped))
    return out


@dataclass(frozen=True)
class ProseConflict:
    """A sentence of a report's prose that states a table item differently from its tables."""

    heading: str  # the section's heading
    sentence: str
    claim: ProseClaim


def prose_conflicts(report: Report) -> list[ProseConflict]:
    """Every prose figure the report's own tables contradict (「区政府办代表区政府受理政府信息公开申请17件」
    against 新收 95): an answer from the table says so, the citizen may have read the prose."""
    return [
        ProseConflict(section.heading, sentence, claim)
        for section in report.sections
        for sentence in _sentences(section.text)
        for claim in prose_claims(sentence, report.tables, report.meta.agency, report.meta.year)
        if claim.assessable and not claim.agrees
    ]


def rule_t1(report: Report) -> list[Finding]:
    """Each count the prose states about a table item agrees with the table (percentages within rounding)."""
    return [
        _t1_finding(claim)
        for section in report.sections
        for sentence in _sentences(section.text)
        for claim in prose_claims(sentence, report.tables, report.meta.agency, report.meta.year)
    ]


def _shown(d: Derivation) -> str:
    value = f"{float(d.value or 0):.1f}%" if d.unit == "%" else f"{d.value:g}"
    return f"{value}（{d.formula}）" if len(d.cells) > 1 else value


def _t1_finding(claim: ProseClaim) -> Finding:
    paths = tuple(dict.fromkeys(c.path for d in claim.candidates for c in d.cells))
    label, quote = claim.label, claim.quote
    if claim.other_scope and not claim.agrees:
        message = f"正文「{quote}」说的是全地区、其他机关、其他年份或其中一部分的数字，口径与表中「{label}」不同，不作比较"
        return Finding("T1", "not_assessable", message, paths, "scope_difference")
    if not any(d.value is not None for d in claim.candidates):
        return Finding("T1", "not_assessable", f"正文「{quote}」：表中「{label}」空白，无法核对", paths)
    present = [d for d in claim.candidates if d.value is not None]
    if claim.agrees:
        matched = next(d for d in present if agrees(claim.figure, d.value, d.unit, prose=True))
        return Finding("T1", "pass", f"正文「{quote}」与表格一致（{label}：{matched.formula}）", paths)
    shown = "；".join(_shown(d) for d in present)
    return Finding(
        "T1",
        "warning",
        f"正文「{quote}」与表格不一致：表中「{label}」为 {shown}（可能是正文错误或统计口径不同）",
        paths,
        "source_error",
    )


# ---- across years -------------------------------------------------------------------------------


def rules_across_years(current: Report, previous: Report) -> list[Finding]:
    """C1: last year's 结转下年度 = this year's 上年结转; C2: 现行有效 = last year's + 制发 − 废止."""
    out = []
    span = f"{previous.meta.year}年→{current.meta.year}年"
    for col in schema.APPLICATION_COLUMNS:
        before = previous.tables.get(APP, "carried_forward", col.key)
        now = current.tables.get(APP, "carried_over", col.key)
        out.append(_equation("C1", f"{span}「{col.label}」：上年结转下年度=本年上年结转", [before], [now]))
    for row in ("regulations", "normative_documents"):
        label = schema.PROACTIVE_ROW_BY_KEY[row].label
        last = previous.tables.get(schema.TABLE_PROACTIVE, row, "in_force")
        issued = current.tables.get(schema.TABLE_PROACTIVE, row, "issued")
        repealed = current.tables.get(schema.TABLE_PROACTIVE, row, "repealed")
        now = current.tables.get(schema.TABLE_PROACTIVE, row, "in_force")
        out.append(
            _equation(
                "C2",
                f"{span}「{label}」：现行有效+本年废止=上年现行有效+本年制发",
                [now, repealed],
                [last, issued],
            )
        )
    return out


def diagnose(findings: list[Finding]) -> list[Finding]:
    """Mark each table-rule error as a likely error of the published report or a likely parse failure."""
    errors = [f for f in findings if f.severity == "error" and f.rule in ("A1", "A2", "A3", "B1")]
    verdict: Diagnosis = "parse_failure" if len(errors) >= PARSE_FAILURE_MIN_ERRORS else "source_error"
    return [Finding(f.rule, f.severity, f.message, f.cells, verdict) if f in errors else f for f in findings]


def check_report(report: Report) -> list[Finding]:
    tables = report.tables
    findings = rule_a1(tables) + rule_a2(tables) + rule_a3(tables) + rule_b1(tables) + rule_t1(report)
    return diagnose(findings)
