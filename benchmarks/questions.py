"""Questions with known answers, generated from a synthetic corpus's manifest and expected cells, as gold
items (the format `nianbao eval --gold` reads, design §5), so the outside scorer's rules judge them.

Three kinds, as issue 11 measures them: `table` (one agency, one cell), `prose` (one agency, a fact of its
prose), `all` (every agency of a year: sums and rankings). Agencies are named in the forms a citizen uses
(full name, own place + organ, bare place + abbreviation, the report's own short name).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.synth import ManifestEntry
from evals.gold import GoldItem

# (question template, table/row/column, unit): {a} the agency as named, {y} the year
TABLE_ITEMS = (
    ("{a}{y}年收到多少件政府信息公开申请？", "applications/new_received/total", "件"),
    ("{y}年{a}新收了多少件信息公开申请？", "applications/new_received/total", "件"),
    ("{a}{y}年予以公开的申请有多少件？", "applications/granted/total", "件"),
    ("{y}年{a}部分公开了多少件申请？", "applications/partially_granted/total", "件"),
    (
        "{a}{y}年因本机关不掌握相关政府信息而无法提供的申请有几件？",
        "applications/unavailable_not_held/total",
        "件",
    ),
    ("{a}{y}年结转下年度继续办理的申请有多少件？", "applications/carried_forward/total", "件"),
    ("{a}{y}年自然人提出的政府信息公开申请有多少件？", "applications/new_received/natural_person", "件"),
    ("{a}{y}年作出了多少件行政处罚决定？", "proactive/administrative_punishment/decisions", "件"),
    ("{y}年{a}的行政许可处理决定数量是多少？", "proactive/administrative_licensing/decisions", "件"),
    ("{a}{y}年行政事业性收费金额是多少万元？", "proactive/administrative_fees/amount_10k_yuan", "万元"),
    ("{a}{y}年因政府信息公开被申请行政复议多少件？", "review_litigation/review/total", "件"),
)
ALL_ITEMS = (  # (template, table/row/column, operation)
    ("{y}年所有单位一共收到多少件政府信息公开申请？", "applications/new_received/total", "sum"),
    ("{y}年各单位予以公开的申请合计多少件？", "applications/granted/total", "sum"),
    ("{y}年哪个单位收到的政府信息公开申请最多？", "applications/new_received/total", "max"),
    ("{y}年哪个单位的行政处罚决定最多？", "proactive/administrative_punishment/decisions", "max"),
)
KINDS = ("table", "prose", "all")  # a question's kind is the first letter of its id
AMBIGUOUS_SHORT = tuple("省市县区旗")  # 「市人社局」 names one agency in its own report, many in a store


@dataclass(frozen=True)
class Question:
    kind: str  # table / prose / all
    item: GoldItem

    @property
    def text(self) -> str:
        return self.item.question


def _cell(expected: dict[str, Any], path: str) -> Any:
    table, row, column = path.split("/")
    return expected["tables"].get(table, {}).get(row, {}).get(column)


def _row_total(expected: dict[str, Any], path: str) -> Any:
    """A total as printed, or — where a report leaves its 总计 column blank — the sum of its applicant
    columns (rule A3 makes them the same figure; an answer may derive it)."""
    value = _cell(expected, path)
    table, row, column = path.split("/")
    if value is not None or column != "total" or table != "applications":
        return value
    parts = [v for c, v in expected["tables"][table][row].items() if c != "total" and v is not None]
    return sum(parts) if parts else None


def _named(rng: random.Random, entry: ManifestEntry) -> str:
    forms = [f for f in entry.forms if not f.startswith(AMBIGUOUS_SHORT) or f == entry.agency]
    return rng.choice(forms)


def gold_item(data: dict[str, Any]) -> GoldItem:
    """A gold line as a GoldItem; a question over all agencies has null report, agency and year
    (design §5), which `evals.gold.parse_item` does not take yet."""
    return GoldItem(
        str(data["id"]), data["report"] or "", data["agency"] or "", data["year"] or 0, data["question"],
        data["answer_number"], data["unit"], data["answer_text"], data["type"], data["evidence"], data,
    )  # fmt: skip


def _item(
    qid: str, entry: ManifestEntry | None, question: str, number: Any, unit: Any, kind: str, evidence: str
) -> GoldItem:
    return gold_item(
        {
            "id": qid,
            "report": entry.file if entry else None,
            "agency": entry.agency if entry else None,
            "year": entry.year if entry else None,
            "question": question,
            "answer_number": number,
            "unit": unit,
            "answer_text": "" if number is None else f"{number}{unit or ''}",
            "type": kind,
            "evidence": evidence,
        }
    )


def table_questions(
    rng: random.Random, manifest: list[ManifestEntry], expected: dict[str, Any], n: int
) -> Iterator[Question]:
    made = 0
    for entry in rng.sample(manifest, len(manifest)):
        if made >= n:
            return
        template, path, unit = rng.choice(TABLE_ITEMS)
        value = _cell(expected[entry.file], path)
        if value is None:  # a blank cell: no figure to expect
            continue
        text = template.format(a=_named(rng, entry), y=entry.year)
        yield Question("table", _item(f"t{made:03d}", entry, text, value, unit, "table_lookup", path))
        made += 1


def prose_questions(rng: random.Random, manifest: list[ManifestEntry], n: int) -> Iterator[Question]:
    """Prose-only facts: the trainings, the posts, the fee, the problems, the deputies' motions."""
    for i, entry in enumerate(rng.sample(manifest, min(n, len(manifest)))):
        facts, a, y = entry.facts, _named(rng, entry), entry.year
        choice = rng.randrange(5)
        if choice == 0:
            item = _item(
                f"p{i:03d}",
                entry,
                f"{a}{y}年开展了几次政务公开培训？",
                facts["trainings"],
                None,
                "narrative",
                "",
            )
        elif choice == 1:
            item = _item(
                f"p{i:03d}",
                entry,
                f"{a}{y}年主动公开了多少条政府信息？",
                facts["posts"],
                "条",
                "narrative",
                "",
            )
        elif choice == 2:
            item = _item(
                f"p{i:03d}",
                entry,
                f"{a}{y}年收取信息处理费了吗？",
                None,
                None,
                "narrative",
                facts["fee_sentence"],
            )
        elif choice == 3 and facts["motions"]:
            item = _item(
                f"p{i:03d}",
                entry,
                f"{a}{y}年承办了多少件人大代表建议？",
                facts["motions"],
                "件",
                "narrative",
                "",
            )
        else:
            item = _item(
                f"p{i:03d}",
                entry,
                f"{a}{y}年政府信息公开工作存在哪些主要问题？",
                None,
                None,
                "narrative",
                facts["problem_sentence"],
            )
        yield Question("prose", item)


def all_agency_questions(
    manifest: list[ManifestEntry], expected: dict[str, Any], n: int
) -> Iterator[Question]:
    """Sums and rankings over every report of a year (blank cells count as 0 in a sum)."""
    years = sorted({m.year for m in manifest}, key=lambda y: -sum(m.year == y for m in manifest))
    made = 0
    for year in years:
        for template, path, operation in ALL_ITEMS:
            if made >= n:
                return
            values = [_row_total(expected[m.file], path) for m in manifest if m.year == year]
            present = [v for v in values if v is not None]
            if not present:
                continue
            number = sum(present) if operation == "sum" else max(present)
            text = template.format(y=year)
            yield Question("all", _item(f"a{made:03d}", None, text, number, "件", "table_sum_or_ratio", path))
            made += 1


def questions(
    manifest: list[ManifestEntry], expected: dict[str, Any], seed: int, sizes: dict[str, int]
) -> list[Question]:
    rng = random.Random(seed)
    return [
        *table_questions(rng, manifest, expected, sizes["table"]),
        *prose_questions(rng, manifest, sizes["prose"]),
        *all_agency_questions(manifest, expected, sizes["all"]),
    ]


def read_gold(path: Path) -> list[GoldItem]:
    return [
        gold_item(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def write_gold(path: Path, items: list[Question]) -> Path:
    """The questions as a gold file (design §5), for `nianbao eval --gold` on a synthetic store."""
    path.write_text(
        "".join(json.dumps(q.item.raw, ensure_ascii=False) + "\n" for q in items), encoding="utf-8"
    )
    return path
