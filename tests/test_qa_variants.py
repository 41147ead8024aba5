"""The variant property: every gold item asked in other words — the agency by another of its names, the
year in another form (二〇二四年, 24年, 2024年度, 去年 asked a year later), other quantity words (几份, 几起),
the year first, traditional characters — gets the same figure or an abstention, never another figure.

Bounded for CI: a deterministic sample of variants per item (seeded by the item id); the counts are
printed (`pytest -s`) and a floor on them is asserted, so a generator that produced nothing fails."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from helpers.reports import REPORTS
from helpers.variants import Variant, variants

from evals.gold import SEED_GOLD, GoldItem, load_gold
from qa.service import QAService

PER_ITEM = 5
PER_PROSE_ITEM = 2  # prose answers embed the question (~0.2 s each): fewer variants, same property
ASKED_IN = date(2026, 12, 4)


def _gold() -> list[GoldItem]:
    shared = REPORTS / "gold.jsonl"
    return load_gold(SEED_GOLD) + (load_gold(shared) if shared.exists() else [])


def _figure(answer: object) -> float | None:
    primary = getattr(answer, "primary_figure", None)
    if not getattr(answer, "answerable", False) or primary is None:
        return None
    return float(primary["value"])


@pytest.mark.slow
def test_a_variant_never_gets_another_figure(qa_service: QAService) -> None:
    services: dict[int, QAService] = {}

    def at(year: int) -> QAService:
        if year not in services:
            services[year] = QAService(qa_service.stores, qa_service.settings, clock=lambda: date(year, 6, 1))
        return services[year]

    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for item in _gold():
        base = _figure(at(ASKED_IN.year).ask(item.question, record=False))
        n = PER_PROSE_ITEM if item.type == "narrative" else PER_ITEM
        for variant in variants(item.question, item.agency, item.id, n):
            got = _figure(at(variant.year or ASKED_IN.year).ask(variant.question, record=False))
            counts["variants"] += 1
            counts[variant.how.split("「")[0]] += 1
            if got is None:
                counts["abstained"] += 1
            elif base is None or abs(got - base) > 0.01:
                wrong.append(
                    f"{item.id} {variant.how}: {variant.question} -> {got} (asked as written: {base})"
                )
    print(f"\nvariants checked: {dict(counts)}")
    assert counts["variants"] >= 2 * len(_gold())
    assert not wrong, "\n".join(wrong)


def test_the_generator_renders_every_kind_of_variant() -> None:
    """The generator itself: each kind of change is made where the question allows it."""
    made = list(variants("淮安市洪泽区人民政府2024年予以公开多少件？", "淮安市洪泽区人民政府", "x", 99))
    hows = {v.how.split("「")[0] for v in made}
    assert {"机关", "汉字年份", "两位年份", "年度", "去年", "年份前置", "量词", "繁体"} <= hows
    assert Variant("淮安市洪泽区人民政府二〇二四年予以公开多少件？", "汉字年份") in made
    last_year = next(v for v in made if v.how == "去年")
    assert last_year.year == 2025 and "去年" in last_year.question
    assert any("洪澤區" in v.question for v in made)
