"""What makes agency lookups cheap over thousands of stored agencies must not change what they find:
the cached name split and mention forms equal a fresh computation, and the plain-text search of
agency mentions finds what a regex search finds — over generated synthetic agencies and questions."""

from __future__ import annotations

import random
import re

from benchmarks.synth.agencies import geography
from qa.agencies import mention_forms, split_agency
from qa.understand import _occurrences

AGENCIES = [a.name for a in geography(random.Random(3), 400)]


def test_cached_split_and_forms_equal_a_fresh_computation() -> None:
    for name in AGENCIES:
        assert split_agency(name) == split_agency.__wrapped__(name)
        assert split_agency(name) is split_agency(name)  # computed once
        assert mention_forms(name) == mention_forms.__wrapped__(name)


def test_plain_search_finds_what_a_regex_search_finds() -> None:
    rng = random.Random(5)
    for _ in range(500):
        names = rng.sample(AGENCIES, 3)
        question = "和".join(rng.choice((n, *mention_forms(n))) for n in names) + "2023年收到多少件申请？"
        for name in names:
            for token in (name, *split_agency(name).regions, *split_agency(name).organ_aliases):
                expected = [(m.start(), m.end()) for m in re.finditer(re.escape(token), question)]
                assert _occurrences(question, token) == expected
    assert _occurrences("合成合成合成", "合成合成") == [(0, 4)]  # no overlaps, as re.finditer
