"""The design §4 contract keys of `nianbao ask --json`, stated once for the tests that pin them."""

ANSWER_KEYS = frozenset(
    {"question", "answer", "answerable", "primary_figure", "figures", "citations", "mode", "latency_ms"}
)
