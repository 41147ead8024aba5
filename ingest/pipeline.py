"""File(s) -> load -> parse -> cross-year rules -> chunk -> both stores, one report at a time.

A bad file is reported and skipped; the others go in (`IngestOutcome` per file). A file already stored
(same sha256) is not touched again, so a second run over the same corpus changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ingest.chunk import chunk_report
from ingest.errors import IngestError, NianbaoError
from ingest.load import SUPPORTED_EXTENSIONS
from ingest.records import IngestOutcome, Report
from ingest.rules import diagnose, rules_across_years
from ingest.store import Stores
from ingest.worker import read_report


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and report files found under folders named (sorted, hidden files skipped).

    Inside a folder only supported extensions are taken; a file named explicitly is always tried,
    so an unsupported one is reported rather than silently ignored."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    and p.suffix.lower() in SUPPORTED_EXTENSIONS
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _with_previous_year(report: Report, stores: Stores) -> Report:
    """Add the cross-year rules (C1, C2) when the same agency's previous year is stored."""
    previous = next(
        (
            r
            for r in stores.sql.list_reports()
            if r.agency == report.meta.agency and r.year == report.meta.year - 1
        ),
        None,
    )
    if previous is None:
        return report
    earlier = stores.sql.get_report(previous.id)
    if earlier is not None:
        report.findings = diagnose(report.findings + rules_across_years(report, earlier))
    return report


def _refresh_next_year(report: Report, stores: Stores) -> None:
    """The following year, stored before this one, gets its cross-year rules now."""
    following = next(
        (
            r
            for r in stores.sql.list_reports()
            if r.agency == report.meta.agency and r.year == report.meta.year + 1
        ),
        None,
    )
    if following is None:
        return
    later = stores.sql.get_report(following.id)
    if later is None:
        return
    own = [f for f in later.findings if f.rule not in ("C1", "C2")]
    stores.sql.replace_findings(later.id, diagnose(own + rules_across_years(later, report)))


def _misread(report: Report) -> bool:
    """Many table rules break at once: the tables were more likely misread than misprinted."""
    return any(f.diagnosis == "parse_failure" for f in report.findings)


def _refuse_misread_replacement(report: Report, stores: Stores) -> None:
    """A file whose tables look misread never replaces a stored version of the same agency and year that
    reads cleanly: a bad copy must not overwrite good figures."""
    if not _misread(report):
        return
    for stored in stores.sql.list_reports():
        if stored.agency != report.meta.agency or stored.year != report.meta.year or stored.id == report.id:
            continue
        older = stores.sql.get_report(stored.id)
        if older is not None and not _misread(older):
            errors = sum(f.severity == "error" for f in report.findings)
            raise IngestError(
                report.source_name,
                f"表格有{errors}处勾稽关系不成立，更像未能正确读取；库中已有读取正常的"
                f"{report.meta.agency}{report.meta.year}年报告（{stored.source_name}），未替换。"
                "如确需替换，请先在报告管理中删除旧版本 / tables look misread; the stored version was kept",
                "tables",
            )


def _drop_older_versions(report: Report, stores: Stores) -> list[str]:
    """One report per agency and year: a re-published (corrected) report replaces the earlier file."""
    older = [
        r
        for r in stores.sql.list_reports()
        if r.agency == report.meta.agency and r.year == report.meta.year and r.id != report.id
    ]
    for r in older:
        stores.delete_report(r.id)
    return [r.source_name for r in older]


def ingest_file(path: Path, stores: Stores) -> IngestOutcome:
    started = time.perf_counter()
    try:
        # load + parse in a child with a deadline and a memory cap (ingest.worker); a stored file is not parsed
        parsed = read_report(path, stores.settings, stores.sql.has_complete)
        if isinstance(parsed, str):
            stored = next((r for r in stores.sql.list_reports() if r.id == parsed), None)
            return IngestOutcome(
                str(path),
                "unchanged",
                parsed,
                stored.agency if stored else None,
                stored.year if stored else None,
                stored.n_chunks if stored else 0,
                message="已在库中，未改动 (already stored)",
                seconds=time.perf_counter() - started,
            )
        report = _with_previous_year(parsed, stores)
        _refuse_misread_replacement(report, stores)
        chunks = chunk_report(report)
        stores.save_report(report, chunks)
        replaced = _drop_older_versions(report, stores)
        _refresh_next_year(report, stores)
    except NianbaoError as exc:
        message = str(exc) if isinstance(exc, IngestError) else f"{path}: {exc}"
        return IngestOutcome(str(path), "failed", message=message, seconds=time.perf_counter() - started)
    errors = sum(f.severity == "error" for f in report.findings)
    return IngestOutcome(
        str(path),
        "stored",
        report.id,
        report.meta.agency,
        report.meta.year,
        len(chunks),
        errors,
        message=f"替换了同一机关同一年度的旧版本（{'、'.join(replaced)}）" if replaced else "",
        seconds=time.perf_counter() - started,
    )


def ingest_paths(
    paths: Iterable[str | Path], stores: Stores, on_file: Callable[[Path], None] | None = None
) -> Iterator[IngestOutcome]:
    """Ingest every file under `paths`, yielding one outcome per file as it finishes."""
    stores.repair()
    for path in discover(paths):
        if on_file is not None:
            on_file(path)
        yield ingest_file(path, stores)
