"""The figures of one synthetic report: tables 2, 3 and 4 whose 勾稽 relations hold (A1, A2, A3, B1, and
C1/C2 across the years of one agency), then what is printed: blank marks where a report leaves zeros
blank, and — for a chosen share of reports — one deliberate source error, recorded so a test can demand
that the rules find it.

Values are the truth; `printed` is what the file shows. The expected cells of a report are read from
`printed` (a blank is null, an error is the wrong number as printed), never from the truth.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from ingest import schema

APP_COLUMNS = schema.APPLICATION_COLUMN_KEYS
APPLICANTS = schema.APPLICANT_COLUMN_KEYS
LEGAL_COLUMNS = schema.LEGAL_PERSON_COLUMN_KEYS
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")

# How applications split over applicants and outcomes (shares of a typical report).
APPLICANT_SHARES = {
    "natural_person": 0.86,
    "commercial_enterprise": 0.07,
    "research_institution": 0.004,
    "social_welfare_org": 0.008,
    "legal_service_org": 0.035,
    "other_org": 0.023,
}
OUTCOME_SHARES_2021 = {
    "granted": 0.35,
    "partially_granted": 0.08,
    "denied_state_secret": 0.004,
    "denied_prohibited_by_law": 0.01,
    "denied_three_safeties_one_stability": 0.004,
    "denied_third_party_rights": 0.01,
    "denied_internal_affairs": 0.01,
    "denied_process_information": 0.015,
    "denied_enforcement_case_file": 0.01,
    "denied_administrative_query": 0.03,
    "unavailable_not_held": 0.25,
    "unavailable_needs_creation": 0.03,
    "unavailable_unclear_after_correction": 0.02,
    "not_processed_petition_complaint": 0.05,
    "not_processed_duplicate": 0.03,
    "not_processed_publication": 0.005,
    "not_processed_excessive": 0.01,
    "not_processed_confirmation": 0.005,
    "other_overdue_correction": 0.03,
    "other_overdue_fee": 0.002,
    "other_other": 0.04,
}
BLANK_MARKS = ("", "/", "—", "-", "无")
# Organs whose table 2 is large: licences, penalties, coercive measures (by words of the organ's name).
LICENSING_ORGANS = ("审批", "市场监督", "自然资源", "住房", "交通", "卫生", "公安", "人民政府")
ENFORCEMENT_ORGANS = ("公安", "市场监督", "综合行政执法", "生态环境", "城市管理", "交通", "应急", "自然资源")


def layout_of(year: int) -> str:
    """国办公开办函〔2021〕30号 applies from the 2021 reports; 2019–2020 reports use the older format."""
    return "2019" if year <= 2020 else "2021"


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


def split(rng: random.Random, n: int, shares: dict[str, float]) -> dict[str, int]:
    """`n` items over the keys, in proportion to noisy shares (sums to exactly n)."""
    if n <= 0:
        return dict.fromkeys(shares, 0)
    noisy = {k: s * rng.lognormvariate(0, 0.5) for k, s in shares.items()}
    if n < 40:  # small counts: draw item by item, so most rows stay 0 as in real small reports
        out = dict.fromkeys(shares, 0)
        keys, weights = list(noisy), list(noisy.values())
        for key in rng.choices(keys, weights, k=n):
            out[key] += 1
        return out
    total = sum(noisy.values())
    out = {k: math.floor(n * v / total) for k, v in noisy.items()}
    rest = n - sum(out.values())
    for key in rng.choices(list(noisy), list(noisy.values()), k=rest):
        out[key] += 1
    return out


@dataclass
class Carry:
    """What one year hands to the next of the same agency (rules C1 and C2)."""

    carried_forward: dict[str, int]
    in_force: dict[str, int | None]  # regulations / normative_documents (None: the older layout)


@dataclass
class Figures:
    """The true figures of one report, in contract keys (table -> row -> column -> value)."""

    layout: str
    applications: dict[str, dict[str, int]]
    review: dict[str, dict[str, int]]
    proactive: dict[str, dict[str, float | int | None]]  # 2021 keys; None where the layout has no column
    proactive_2019: dict[str, dict[str, float | int]] = field(default_factory=dict)  # older layout only
    fees_printed_2019: bool = False  # a 2019-layout fee row with its amount column
    procurement_in_yuan: bool = True  # 2019 layout: 采购总金额 printed as 「251000元」 (else in 万元)

    def carry(self) -> Carry:
        in_force: dict[str, int | None] = {}
        for row in ("regulations", "normative_documents"):
            value = self.proactive[row].get("in_force")
            in_force[row] = None if value is None else int(value)
        return Carry(
            {c: self.applications["carried_forward"][c] for c in APP_COLUMNS},
            in_force,
        )


def _applications(
    rng: random.Random, scale: float, layout: str, carry: Carry | None
) -> dict[str, dict[str, int]]:
    new = split(rng, poisson(rng, scale), APPLICANT_SHARES)
    carried_over = (
        {c: carry.carried_forward[c] for c in APPLICANTS}
        if carry
        else split(rng, poisson(rng, scale * 0.04), APPLICANT_SHARES)
    )
    rows: dict[str, dict[str, int]] = {"new_received": new, "carried_over": carried_over}
    outcome_rows: dict[str, dict[str, int]] = {k: {} for k in OUTCOME_SHARES_2021}
    forward: dict[str, int] = {}
    handled: dict[str, int] = {}
    for column in APPLICANTS:
        available = new[column] + carried_over[column]
        forward[column] = min(available, poisson(rng, available * 0.05)) if available else 0
        handled[column] = available - forward[column]
        for row, value in split(rng, handled[column], OUTCOME_SHARES_2021).items():
            outcome_rows[row][column] = value
    if layout == "2019":
        merged = {c: sum(outcome_rows[r][c] for r in schema.OTHER_ROWS) for c in APPLICANTS}
        for row in schema.OTHER_ROWS:
            del outcome_rows[row]
        outcome_rows["other_processing"] = merged
    rows.update(outcome_rows)
    rows["total_handled"] = handled
    rows["carried_forward"] = forward
    for values in rows.values():
        values["total"] = sum(values[c] for c in APPLICANTS)
    return rows


def _review(rng: random.Random, scale: float) -> dict[str, dict[str, int]]:
    out = {}
    for group, rate in (("review", 0.03), ("litigation_direct", 0.015), ("litigation_after_review", 0.006)):
        n = poisson(rng, scale * rate)
        parts = split(rng, n, {"upheld": 0.6, "corrected": 0.1, "other": 0.15, "pending": 0.15})
        out[group] = {**parts, "total": n}
    return out


def _decisions(rng: random.Random, scale: float, organ: str, words: tuple[str, ...], rate: float) -> int:
    factor = 40.0 if any(w in organ for w in words) else 1.0
    return poisson(rng, scale * rate * factor)


def _documents(rng: random.Random, issues: bool, scale: float, before: int | None) -> dict[str, int]:
    """issued / repealed / in_force with in_force = last year's + issued - repealed (rule C2)."""
    last = before if before is not None else (poisson(rng, 5 + scale * 0.2) if issues else 0)
    issued = poisson(rng, 1 + scale * 0.02) if issues else 0
    repealed = min(last, poisson(rng, 0.5 + scale * 0.01)) if issues else 0
    return {"issued": issued, "repealed": repealed, "in_force": last + issued - repealed}


def _fees(rng: random.Random, scale: float) -> float:
    if rng.random() < 0.45:
        return 0
    return round(scale * rng.uniform(0.05, 3.0), 2) or 0.01


def _proactive_2021(
    rng: random.Random, scale: float, organ: str, kind: str, carry: Carry | None
) -> dict[str, dict[str, float | int | None]]:
    makes_rules = kind in ("government",) and scale > 20
    before = carry.in_force if carry else {}
    return {
        "regulations": dict(_documents(rng, makes_rules, scale, before.get("regulations"))),
        "normative_documents": dict(
            _documents(
                rng, kind != "township" or rng.random() < 0.5, scale, before.get("normative_documents")
            )
        ),
        "administrative_licensing": {"decisions": _decisions(rng, scale, organ, LICENSING_ORGANS, 2.0)},
        "administrative_punishment": {"decisions": _decisions(rng, scale, organ, ENFORCEMENT_ORGANS, 1.0)},
        "administrative_coercion": {"decisions": _decisions(rng, scale, organ, ENFORCEMENT_ORGANS, 0.1)},
        "administrative_fees": {"amount_10k_yuan": _fees(rng, scale)},
    }


def _proactive_2019(
    rng: random.Random, scale: float, organ: str, kind: str
) -> dict[str, dict[str, float | int]]:
    """The older table 2: 本年新制作/本年新公开/对外公开总数量; 上一年项目数量/本年增/减/处理决定数量; 政府集中采购."""
    out: dict[str, dict[str, float | int]] = {}
    for row, active in (("regulations", kind == "government" and scale > 20), ("normative_documents", True)):
        made = poisson(rng, 1 + scale * 0.03) if active else 0
        published = min(made, made - poisson(rng, 0.3))
        out[row] = {
            "made": made,
            "published": max(0, published),
            "published_total": published + poisson(rng, 10 + scale * 0.3),
        }
    for row, words, rate in (
        ("administrative_licensing", LICENSING_ORGANS, 2.0),
        ("other_external_services", LICENSING_ORGANS, 0.5),
        ("administrative_punishment", ENFORCEMENT_ORGANS, 1.0),
        ("administrative_coercion", ENFORCEMENT_ORGANS, 0.1),
    ):
        items = poisson(rng, 3 + scale * 0.2)
        out[row] = {
            "items_last_year": items,
            "items_change": rng.randint(-min(items, 3), 4),
            "decisions": _decisions(rng, scale, organ, words, rate),
        }
    fee_items = poisson(rng, 1 + scale * 0.02)
    out["administrative_fees"] = {
        "items_last_year": fee_items,
        "items_change": rng.randint(-min(fee_items, 1), 1),
        "amount_10k_yuan": _fees(rng, scale),
    }
    n = poisson(rng, 1 + scale * 0.05)
    amount = round(n * rng.uniform(2, 80), 2) if n else 0  # 万元
    out["government_procurement"] = {"procurement_items": n, "procurement_amount_10k_yuan": amount}
    return out


def _proactive_2021_keys_of_2019(
    old: dict[str, dict[str, float | int]], fees_printed: bool
) -> dict[str, dict[str, float | int | None]]:
    """The 2021 contract keys of an older table 2: only 处理决定数量 (and a printed fee amount) map."""
    out: dict[str, dict[str, float | int | None]] = {
        "regulations": {"issued": None, "repealed": None, "in_force": None},
        "normative_documents": {"issued": None, "repealed": None, "in_force": None},
    }
    for row in ("administrative_licensing", "administrative_punishment", "administrative_coercion"):
        out[row] = {"decisions": old[row]["decisions"]}
    out["administrative_fees"] = {
        "amount_10k_yuan": old["administrative_fees"]["amount_10k_yuan"] if fees_printed else None
    }
    return out


def make_figures(
    rng: random.Random, scale: float, organ: str, kind: str, year: int, carry: Carry | None
) -> Figures:
    layout = layout_of(year)
    applications = _applications(rng, scale, layout, carry)
    review = _review(rng, scale)
    if layout == "2021":
        return Figures(layout, applications, review, _proactive_2021(rng, scale, organ, kind, carry))
    old = _proactive_2019(rng, scale, organ, kind)
    fees_printed = rng.random() < 0.3
    return Figures(
        layout,
        applications,
        review,
        _proactive_2021_keys_of_2019(old, fees_printed),
        old,
        fees_printed,
        rng.random() < 0.6,
    )
