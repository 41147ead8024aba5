"""Per-item results and the suite's summary figures (what `summary.json` holds).

Every rate says what it is over (`right`/`total`), so a reader can tell 1/1 from 50/50; a rate over
nothing is None, never 0 or 1.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evals.gold import TYPES, GoldItem
from evals.perturb import Audit
from evals.retrieval import Probe
from evals.score import Verdict


@dataclass
class Row:
    """One gold item run through the product (and the baseline)."""

    item: GoldItem
    answer: dict[str, Any] | None
    verdict: Verdict
    text_overlap: float | None = None
    citations: tuple[int, int] = (0, 0)  # (from the right report/table, all)
    probe: Probe | None = None
    baseline: dict[str, Any] | None = None
    baseline_verdict: Verdict | None = None
    baseline_probe: Probe | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.item.id,
            "item": self.item.raw,
            "answer": self.answer,
            "ok": self.verdict.ok,
            "why": self.verdict.why,
            "verdict": {"ok": self.verdict.ok, "rule": self.verdict.rule, "severity": self.verdict.severity},
            "answer_text_overlap": self.text_overlap,
            "citations_right": self.citations[0],
            "citations_total": self.citations[1],
            "retrieval": self.probe.to_json() if self.probe else None,
        }
        if self.error:
            out["error"] = self.error
        if self.baseline_verdict is not None:
            out["baseline"] = {
                "answer": self.baseline,
                "ok": self.baseline_verdict.ok,
                "why": self.baseline_verdict.why,
                "retrieval": self.baseline_probe.to_json() if self.baseline_probe else None,
            }
        return out


def rate(right: float, total: float) -> float | None:
    return right / total if total else None


def ratio(ours: float | None, base: float | None) -> float | None:
    return ours / base if ours is not None and base else None


def percentiles(values: Sequence[float]) -> dict[str, float | None]:
    """p50 (median) and p95 as the outside scorer computes them."""
    if not values:
        return {"p50": None, "p95": None, "max": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def accuracy(verdicts: Sequence[tuple[GoldItem, Verdict]]) -> dict[str, Any]:
    by_type: dict[str, dict[str, Any]] = {}
    for kind in TYPES:
        mine = [v for i, v in verdicts if i.type == kind]
        if mine:
            right = sum(v.ok for v in mine)
            by_type[kind] = {"right": right, "total": len(mine), "accuracy": rate(right, len(mine))}
    right = sum(v.ok for _, v in verdicts)
    return {
        "right": right,
        "total": len(verdicts),
        "accuracy": rate(right, len(verdicts)),
        "by_type": by_type,
    }


def refusals(pairs: Sequence[tuple[GoldItem, dict[str, Any] | None]]) -> dict[str, Any]:
    """Refusal (answerable false) as a classifier of unanswerable items."""
    refused = [(i, a) for i, a in pairs if a is not None and a.get("answerable") is False]
    unanswerable = [i for i, _ in pairs if i.type == "unanswerable"]
    correct = sum(i.type == "unanswerable" for i, _ in refused)
    precision, recall = rate(correct, len(refused)), rate(correct, len(unanswerable))
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {
        "refused": len(refused),
        "unanswerable_items": len(unanswerable),
        "correct_refusals": correct,
        "wrong_refusals": [i.id for i, _ in refused if i.type != "unanswerable"],
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def retrieval(probes: Sequence[Probe]) -> dict[str, Any]:
    n = len(probes)
    sections = [p.section_in_k for p in probes if p.section_in_k is not None]
    return {
        "items": n,
        "k": probes[0].k if probes else None,
        "report_at_1": rate(sum(p.report_at_1 for p in probes), n),
        "report_in_k": rate(sum(p.report_in_k for p in probes), n),
        "evidence_in_k": rate(sum(p.evidence_in_k for p in probes), n),
        "section_in_k": rate(sum(sections), len(sections)),
        "section_items": len(sections),
    }


def checker_counts(answers: Sequence[dict[str, Any] | None]) -> dict[str, int]:
    counts = {"supported": 0, "contradicted": 0, "unsupported": 0}
    for a in answers:
        for f in (a or {}).get("figures") or []:
            counts[f.get("verdict", "unsupported")] = counts.get(f.get("verdict", "unsupported"), 0) + 1
    counts["answers_flagged"] = sum(
        any(f.get("verdict") != "supported" for f in (a or {}).get("figures") or []) for a in answers
    )
    return counts


def false_alarms(rows: Sequence[Row]) -> dict[str, Any]:
    """Figures of right answers that the checker did not support: the checker crying wolf."""
    figures = [(r, f) for r in rows if r.verdict.ok and r.answer for f in r.answer.get("figures") or []]
    flagged = [(r, f) for r, f in figures if f.get("verdict") != "supported"]
    return {
        "answers": sum(1 for r in rows if r.verdict.ok and r.answer and r.answer.get("figures")),
        "figures": len(figures),
        "not_supported": len(flagged),
        "rate": rate(len(flagged), len(figures)),
        "cases": [
            {
                "id": r.item.id,
                "figure": f.get("text"),
                "verdict": f.get("verdict"),
                "answer": r.answer["answer"],
            }
            for r, f in flagged
            if r.answer
        ],
    }


def summarize(rows: Sequence[Row], audit: Audit | None, meta: dict[str, Any]) -> dict[str, Any]:
    ours = accuracy([(r.item, r.verdict) for r in rows])
    with_base = [r for r in rows if r.baseline_verdict is not None]
    base = (
        accuracy([(r.item, r.baseline_verdict) for r in with_base if r.baseline_verdict])
        if with_base
        else None
    )
    if base is not None:
        for kind, figures in ours["by_type"].items():
            b = base["by_type"].get(kind, {})
            figures["baseline_accuracy"] = b.get("accuracy")
            figures["ratio"] = ratio(figures["accuracy"], b.get("accuracy"))
    nonzero = [r for r in rows if r.item.answer_number not in (None, 0)]
    narrative = [r.text_overlap for r in rows if r.text_overlap is not None]
    right, cited = sum(r.citations[0] for r in rows), sum(r.citations[1] for r in rows)
    probes = [r.probe for r in rows if r.probe]
    base_probes = [r.baseline_probe for r in rows if r.baseline_probe]
    summary: dict[str, Any] = {
        **meta,
        "items": len(rows),
        "accuracy": ours["accuracy"],
        "right": ours["right"],
        "by_type": ours["by_type"],
        "refusal": refusals([(r.item, r.answer) for r in rows]),
        "retrieval": retrieval(probes),
        "citation_precision": {"right": right, "total": cited, "precision": rate(right, cited)},
        "checker": checker_counts([r.answer for r in rows]),
        "false_alarms": false_alarms(rows),
        "latency_ms": percentiles([r.answer["latency_ms"] for r in rows if r.answer]),
        "numeric_nonzero": {  # a zero-heavy report lets any 0 pick a right answer: the figure without luck
            "total": len(nonzero),
            "accuracy": rate(sum(r.verdict.ok for r in nonzero), len(nonzero)),
            "baseline_accuracy": rate(
                sum(bool(r.baseline_verdict and r.baseline_verdict.ok) for r in nonzero), len(nonzero)
            )
            if with_base
            else None,
        },
        "narrative_answer_text_overlap": statistics.mean(narrative) if narrative else None,
        "errors": [{"id": r.item.id, "error": r.error} for r in rows if r.error],
        "misses": [r.item.id for r in rows if not r.verdict.ok],
        "perturbation": audit.summary() if audit is not None else None,
        "baseline": None,
    }
    if base is not None:
        summary["baseline"] = {
            "accuracy": base["accuracy"],
            "right": base["right"],
            "by_type": base["by_type"],
            "ratio": ratio(ours["accuracy"], base["accuracy"]),
            "refusal": refusals([(r.item, r.baseline) for r in with_base]),
            "retrieval": retrieval(base_probes),
            "latency_ms": percentiles([r.baseline["latency_ms"] for r in with_base if r.baseline]),
        }
    return summary
