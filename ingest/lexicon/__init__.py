"""One typed lexicon kept as data: every phrase the product reads or writes about the tables, the
words around them, organs and places (the TOML files of this package).

    >>> from ingest.lexicon import lexicon
    >>> lexicon().entry("row", "granted").phrases[:2]
    ('予以公开', '同意公开')

`ingest.lexicon.prose` reads report prose (rule T1) and answers (the checker) with it; `qa.tag` reads
questions with it; answer wording and statistics labels come from the entries' `label`, `short` and
`wording` fields.
"""

from ingest.lexicon.entries import (
    ITEM_KINDS,
    Entry,
    Gazetteer,
    Lexicon,
    Organ,
    PhraseHit,
    PlaceSuffix,
    gazetteer,
    lexicon,
)

__all__ = [
    "ITEM_KINDS",
    "Entry",
    "Gazetteer",
    "Lexicon",
    "Organ",
    "PhraseHit",
    "PlaceSuffix",
    "gazetteer",
    "lexicon",
]
