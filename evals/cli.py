"""`nianbao eval`: run gold files through the service and print the figures an evaluator asks first.

    nianbao eval --gold evals/gold/seed.jsonl --reports corpus/ --out eval_out --baseline --perturb

Several --gold files share one store (ingested once); each gets its own folder under --out.
Exit status 1 when a suite's accuracy is below --min (CI can gate on it), else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evals.gold import SEED_GOLD
from evals.report import TYPE_NAMES, num, pct
from evals.runner import SuiteResult, prepared_store, run_suite
from ingest.config import Settings


def _progress(done: int, total: int, message: str) -> None:
    """One stderr line per ingested file and per ten questions: visible in CI logs, not a flood."""
    if total and done % 10 and done != total:
        return
    prefix = f"[{done:>3}/{total}] " if total else ""
    print(f"{prefix}{message[:60]}", file=sys.stderr, flush=True)


def _pair(t: dict[str, Any] | None) -> str:
    return "—" if not t else f"{t['right']}/{t['total']} {pct(t['accuracy'])}"


def summary_text(result: SuiteResult) -> str:
    """The summary as the terminal shows it (also what `make eval` prints)."""
    s = result.summary
    base = s.get("baseline")
    lines = [f"== {s['gold']}: {s['items']} 题 -> {result.files.get('report.html', '')}"]
    lines.append(f"{'type':<20}{'ours':<18}" + (f"{'baseline':<18}ratio" if base else ""))
    for kind, t in s["by_type"].items():
        b = base["by_type"].get(kind) if base else None
        tail = f"{_pair(b):<18}{num(t.get('ratio'), 2)}" if base else ""
        lines.append(f"{kind:<20}{_pair(t):<18}{tail}")
    overall = {"right": s["right"], "total": s["items"], "accuracy": s["accuracy"]}
    tail = ""
    if base:
        tail = f"{_pair({'right': base['right'], 'total': s['items'], 'accuracy': base['accuracy']}):<18}{num(base['ratio'], 2)}"
    lines.append(f"{'overall':<20}{_pair(overall):<18}{tail}")
    nz = s["numeric_nonzero"]
    lines.append(
        f"non-zero numeric items (n={nz['total']}): ours {pct(nz['accuracy'])}"
        + (f", baseline {pct(nz['baseline_accuracy'])}" if base else "")
    )
    r = s["refusal"]
    lines.append(
        f"refusal precision {pct(r['precision'])} ({r['correct_refusals']}/{r['refused']}), "
        f"recall {pct(r['recall'])} ({r['correct_refusals']}/{r['unanswerable_items']})"
    )
    ret = s["retrieval"]
    if ret["items"]:
        lines.append(
            f"retrieval (narrative n={ret['items']}, k={ret['k']}): report@1 {pct(ret['report_at_1'])}, "
            f"report@k {pct(ret['report_in_k'])}, section@k {pct(ret['section_in_k'])}, "
            f"evidence@k {pct(ret['evidence_in_k'])}"
        )
        if base and base["retrieval"]["items"]:
            b = base["retrieval"]
            lines.append(
                f"  baseline retrieval: report@1 {pct(b['report_at_1'])}, report@k {pct(b['report_in_k'])}, "
                f"section@k {pct(b['section_in_k'])}, evidence@k {pct(b['evidence_in_k'])}"
            )
    c = s["citation_precision"]
    lines.append(f"citation precision {pct(c['precision'])} ({c['right']}/{c['total']})")
    ch = s["checker"]
    fa = s["false_alarms"]
    lines.append(
        f"checker: supported {ch['supported']}, contradicted {ch['contradicted']}, unsupported {ch['unsupported']}; "
        f"false alarms on right answers {pct(fa['rate'])} ({fa['not_supported']}/{fa['figures']})"
    )
    p = s.get("perturbation")
    if p:
        lines.append(
            f"perturbation: detected {p['detected']}/{p['cases']} {pct(p['detection_rate'])} over "
            f"{p['answers_audited']} answers (skipped {p['answers_skipped']}, lost {p['lost']})"
        )
    lat = s["latency_ms"]
    lines.append(f"latency_ms p50 {num(lat['p50'])} p95 {num(lat['p95'])}; suite {s.get('seconds')} s")
    if s["errors"]:
        lines.append(f"errors: {len(s['errors'])} ({', '.join(e['id'] for e in s['errors'][:10])})")
    lines.append(f"qa accuracy {num(s['accuracy'], 3)} ({s['right']}/{s['items']})")
    return "\n".join(lines)


def run_eval(settings: Settings, args: argparse.Namespace) -> int:
    """The `nianbao eval` subcommand (ui.cli wires its arguments)."""
    golds: list[Path] = list(args.gold or [SEED_GOLD])
    reports: list[Path] = list(getattr(args, "reports", None) or [])
    out: Path = Path(getattr(args, "out", None) or "eval_out")
    minimum = getattr(args, "min", None)
    k = getattr(args, "k", None) or 6
    results = []
    with prepared_store(settings, reports, _progress) as (used, stores, outcomes):
        for line in outcomes:
            print(
                f"导入 {line['status']}: {line['path']} {line['agency'] or ''} {line['year'] or ''} {line['message'] or ''}"
            )
        for gold in golds:
            target = out if len(golds) == 1 else out / gold.stem
            result = run_suite(
                used, gold, out_dir=target, baseline=args.baseline, perturb=args.perturb,
                progress=_progress, stores=stores, ingest_log=outcomes, k=k,
            )  # fmt: skip
            print(summary_text(result), flush=True)
            results.append(result)
    if minimum is not None and any((r.accuracy or 0.0) < minimum for r in results):
        return 1
    return 0


__all__ = ["TYPE_NAMES", "run_eval", "summary_text"]
