# `make eval`: the QA suite on the seed gold and the shared gold, side by side with the vector-only
# baseline, plus the checker audit. One command, one fresh temporary store: the four shared reports and
# the seed are ingested once (~2 min on 2 cores), then both gold files run (~1 min). Results land in
# eval_out/seed/ and eval_out/gold/ (results.jsonl, summary.json, report.md, report.html, perturb.jsonl);
# the summary of each gold file is printed. Add `--min 0.8` to make it a gate (exit 1 below).
EVAL_REPORTS := corpus/gaoqing_county_public_security_2024.txt $(REPORTS)

eval: install
	$(NIANBAO) eval --gold evals/gold/seed.jsonl --gold $(SHARED)/reports/gold.jsonl \
		--reports $(EVAL_REPORTS) --out eval_out --baseline --perturb
