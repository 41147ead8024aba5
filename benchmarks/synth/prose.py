"""The prose of one synthetic report, section by section, from the phrasings and the printed figures.

Figures that a table holds are written as printed (Arabic, or Chinese for small counts in some reports);
prose-only facts (trainings, posts, proposals, the fee) are recorded in `facts` for the answer benchmark.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.synth import phrasings as P
from benchmarks.synth.agencies import Agency
from benchmarks.synth.printed import Printed
from ingest import schema
from ingest.numerals import number_to_chinese

HEADINGS = {
    "overview": ("一、总体情况",),
    "proactive": ("二、主动公开政府信息情况",),
    "applications": ("三、收到和处理政府信息公开申请情况",),
    "review_litigation": ("四、政府信息公开行政复议、行政诉讼情况",),
    "problems": (
        "五、存在的主要问题及改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "五、存在的主要问题和改进措施",
    ),
    "other": ("六、其他需要报告的事项",),
}
FORMAT_DOCS = {"2021": "国办公开办函〔2021〕30号", "2019": "国办公开办函〔2019〕60号"}


@dataclass
class Prose:
    preamble: list[str]
    sections: dict[str, tuple[str, list[str]]]  # key -> (heading, paragraphs)
    facts: dict[str, Any] = field(default_factory=dict)


class Writer:
    """Writes numbers as this report does: Chinese numerals for small counts in some reports."""

    def __init__(self, rng: random.Random, agency: Agency, year: int) -> None:
        self.rng = rng
        self.chinese = rng.random() < 0.25
        self.agency = agency
        self.year = year
        self.name = agency.name
        self.fields: dict[str, Any] = {"year": year, "agency": agency.name}

    def n(self, value: int | float) -> str:
        if self.chinese and isinstance(value, int) and 0 < value < 100 and self.rng.random() < 0.6:
            return "两" if value == 2 else number_to_chinese(value)  # 「两次」, not 「二次」
        return f"{value:.2f}" if isinstance(value, float) and not value.is_integer() else str(int(value))

    def say(self, templates: tuple[str, ...], **figures: Any) -> str:
        return self.rng.choice(templates).format(name=self.name, **self.fields, **figures)


def _cell(printed: Printed, table: str, row: str, column: str) -> int | float | None:
    return printed.value(table, row, column)


def _preamble(w: Writer, layout: str) -> list[str]:
    rng = w.rng
    stem = w.agency.place.stem if w.agency.place else "合成国"
    fields = {
        "format_doc": FORMAT_DOCS[layout],
        "site": f"{stem}政府门户网站",
        "address": f"{w.agency.region_chain[-1] if w.agency.region_chain else '合成国'}政务大道{rng.randint(1, 300)}号",
        "postcode": f"{rng.randint(100000, 899999)}",
        "phone": f"0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}",
    }
    lines = [w.say(P.BASIS, **fields), w.say(P.PERIOD)]
    if rng.random() < 0.8:
        lines.append(w.say(P.CONTACT, **fields))
    return lines


def _proactive_paragraph(w: Writer, printed: Printed, facts: dict[str, Any]) -> str:
    rng = w.rng
    posts = rng.randint(20, 400) * (10 if w.agency.scale > 50 else 1)
    template = rng.choice(P.PROACTIVE_POSTS)
    approx = "{posts_approx}" in template  # 「约220条」「220余条」: the figure as printed, marked approximate
    facts["posts"], facts["posts_approximate"] = (posts // 10 * 10 or posts) if approx else posts, approx
    text = w.say((template,), platform=rng.choice(P.PLATFORMS), posts=posts, posts_approx=facts["posts"])
    text += w.say(P.PROACTIVE_POSTS_TAIL)
    if printed.figures.layout == "2021" and rng.random() < 0.6:
        t2 = schema.TABLE_PROACTIVE
        values = {
            "licensing": _cell(printed, t2, "administrative_licensing", "decisions"),
            "punishment": _cell(printed, t2, "administrative_punishment", "decisions"),
            "coercion": _cell(printed, t2, "administrative_coercion", "decisions"),
        }
        if all(v is not None for v in values.values()):
            text += w.say(P.PROACTIVE_TABLE2, **{k: w.n(v) for k, v in values.items() if v is not None})
        fees = _cell(printed, t2, "administrative_fees", "amount_10k_yuan")
        if fees and rng.random() < 0.5:
            text += w.say(P.PROACTIVE_FEES, fees=w.n(fees))
    if rng.random() < 0.5:
        interpretations = rng.randint(1, 30)
        facts["interpretations"] = interpretations
        text += w.say(P.POLICY_INTERPRETATION, interpretations=w.n(interpretations)) + w.say(
            P.POLICY_INTERPRETATION_TAIL
        )
    if rng.random() < 0.3:
        text += w.say(P.PROACTIVE_HOTLINE, hotline=rng.randint(2, 90) * 100)
    return text


def _applications_paragraph(w: Writer, printed: Printed, facts: dict[str, Any]) -> str:
    app = schema.TABLE_APPLICATIONS
    new = _cell(printed, app, "new_received", "total")
    carried = _cell(printed, app, "carried_over", "total") or 0
    handled = _cell(printed, app, "total_handled", "total")
    granted = _cell(printed, app, "granted", "total")
    forward = _cell(printed, app, "carried_forward", "total") or 0
    if not new and not carried:
        return w.say(P.APPLICATION_NONE)
    if carried and w.rng.random() < 0.3:
        facts["scope_sentence"] = True  # 受理 = 新收 + 上年结转
        text = w.say(P.APPLICATION_ACCEPTED, accepted=w.n(int(new or 0) + int(carried)), carried=w.n(carried))
    else:
        text = w.say(P.APPLICATION_NEW, new=w.n(new or 0), carried=w.n(carried))
    if handled and granted is not None:
        pct = f"{100 * granted / handled:.{w.rng.choice((1, 2))}f}"
        text += w.say(P.APPLICATION_OUTCOME, handled=w.n(handled), granted=w.n(granted), granted_pct=pct)
    else:
        text = text.rstrip("，") + "。"
    if forward:
        text += w.say(P.APPLICATION_FORWARD, forward=w.n(forward))
    review = _cell(printed, schema.TABLE_REVIEW, "review", "total")
    upheld = _cell(printed, schema.TABLE_REVIEW, "review", "upheld")
    litigation = [
        _cell(printed, schema.TABLE_REVIEW, g, "total")
        for g in ("litigation_direct", "litigation_after_review")
    ]
    if not review and not any(litigation):
        text += w.say(P.REVIEW_NONE)
    elif review and upheld is not None:
        text += w.say(P.REVIEW_SOME, review=w.n(review), upheld=w.n(upheld))
    return text


def _overview(w: Writer, printed: Printed, facts: dict[str, Any]) -> list[str]:
    rng = w.rng
    subheads = rng.random() < 0.75
    opening = w.say(P.OVERVIEW_OPENING)
    if w.agency.short_name:
        first = P.SHORT_NAME.format(agency=w.agency.name, short=w.agency.short_name)
        opening = opening.replace(w.name, first, 1) if w.name in opening else f"{first}{opening}"
        w.name = w.agency.short_name
    trainings = rng.randint(1, 12)
    facts["trainings"] = trainings
    blocks = [
        ("（一）主动公开", _proactive_paragraph(w, printed, facts)),
        ("（二）依申请公开", _applications_paragraph(w, printed, facts)),
        (
            "（三）政府信息管理",
            "".join(rng.sample(P.MANAGEMENT, 2)) + w.say(P.TRAININGS, trainings=w.n(trainings)),
        ),
        (
            "（四）政府信息公开平台建设",
            w.say(P.PLATFORM, columns=w.n(rng.randint(2, 12)), accounts=w.n(rng.randint(2, 9))),
        ),
        ("（五）监督保障", w.say(P.SUPERVISION)),
    ]
    lines = [opening]
    for head, text in blocks:
        lines += [head, text] if subheads else [text]
    return lines


def _problems(w: Writer, facts: dict[str, Any]) -> list[str]:
    rng = w.rng
    chosen = rng.sample(P.PROBLEMS, 2)
    ordinals = ("一是", "二是")
    problems = [f"{o}{title}。{detail}。" for o, (title, detail) in zip(ordinals, chosen, strict=True)]
    facts["problem"], facts["problem_sentence"] = chosen[0][0], problems[0]
    fixes = [f"{o}{text}" for o, text in zip(ordinals, rng.sample(P.IMPROVEMENTS, 2), strict=True)]
    return ["（一）存在的问题", *problems, "（二）改进措施", *fixes]


def _other(w: Writer, facts: dict[str, Any]) -> list[str]:
    rng = w.rng
    charged = rng.random() < 0.08
    facts["fee_charged"] = charged
    if charged:
        fee_yuan = rng.randint(1, 40) * 10
        facts["fee_yuan"] = fee_yuan
        fee = w.say(P.FEE_SOME, fee_yuan=fee_yuan)
    else:
        fee = w.say(P.FEE_NONE)
    facts["fee_sentence"] = fee
    motions, proposals = rng.randint(0, 30), rng.randint(0, 30)
    facts["motions"], facts["proposals"] = motions, proposals
    lines = ["（一）政府信息公开信息处理费收取情况", fee]
    if motions or proposals:
        lines += [
            "（二）人大代表建议和政协提案办理结果公开情况",
            w.say(P.PROPOSALS, motions=w.n(motions), proposals=w.n(proposals)),
        ]
    lines += ["（三）有关数据统计说明", *(f"{i}. {note}" for i, note in enumerate(P.NOTES, 1))]
    return lines


def write_prose(rng: random.Random, agency: Agency, year: int, printed: Printed) -> Prose:
    w = Writer(rng, agency, year)
    facts: dict[str, Any] = {"scope_sentence": False}
    preamble = _preamble(w, printed.figures.layout)
    sections: dict[str, tuple[str, list[str]]] = {
        key: (rng.choice(titles), []) for key, titles in HEADINGS.items()
    }
    sections["overview"] = (sections["overview"][0], _overview(w, printed, facts))
    sections["problems"] = (sections["problems"][0], _problems(w, facts))
    sections["other"] = (sections["other"][0], _other(w, facts))
    return Prose(preamble, sections, facts)
