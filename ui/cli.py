"""The `nianbao` command (design §4 contract): ingest, parse, check, ask, eval, serve, user, reports.

Every command takes --data-dir (default $NIANBAO_DATA_DIR, else ./data). Errors print one line
naming the file or field and exit non-zero; a traceback is never shown to the user.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ingest.config import Settings, offline_environment
from ingest.errors import NianbaoError
from ui.cli_format import audit_text, outcome_line, report_summary

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env().with_data_dir(args.data_dir)


def _stores(settings: Settings):
    from ingest.store import open_stores

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return open_stores(settings)


def cmd_parse(args: argparse.Namespace) -> int:
    from ingest.load import load
    from ingest.parse import parse

    report = parse(load(args.file, _settings(args).max_file_bytes))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        print(report_summary(report))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ingest.load import load
    from ingest.parse import parse

    report = parse(load(args.file, _settings(args).max_file_bytes))
    print(audit_text(report))
    return EXIT_FAILED if any(f.severity == "error" for f in report.findings) and args.strict else EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ingest.pipeline import discover, ingest_paths

    stores = _stores(_settings(args))
    if args.rebuild:
        stores.clear_reports()
    files = discover(args.paths)
    if not files:
        print("没有找到可导入的报告文件 (no report files found: .txt .html .htm .docx .pdf)", file=sys.stderr)
        return EXIT_FAILED
    counts = {"stored": 0, "unchanged": 0, "failed": 0}
    bar = tqdm(total=len(files), unit="份", desc="导入", file=sys.stderr, disable=args.quiet or None)
    for outcome in ingest_paths(files, stores, on_file=lambda p: bar.set_postfix_str(p.name[-30:])):
        counts[outcome.status] += 1
        bar.write(outcome_line(outcome))
        bar.update(1)
    bar.close()
    print(
        f"共 {len(files)} 个文件：新导入 {counts['stored']}，未改动 {counts['unchanged']}，失败 {counts['failed']}"
        f"（库中现有 {len(stores.sql.list_reports())} 份报告）"
    )
    return EXIT_FAILED if counts["failed"] else EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from qa.service import QAService, QuestionError

    settings = _settings(args)
    service = QAService(_stores(settings), settings)
    questions: Sequence[str] = sys.stdin.read().splitlines() if args.question == "-" else [args.question]
    status = EXIT_OK
    for question in questions:
        try:
            answer = service.ask(question, channel="cli")
        except QuestionError as exc:
            status = EXIT_FAILED
            if args.json:
                print(
                    json.dumps(
                        {"question": question, "error": str(exc), "answerable": False}, ensure_ascii=False
                    )
                )
            else:
                print(f"错误：{exc}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            from ui.cli_format import answer_text

            print(answer_text(answer))
    return status


def cmd_reports(args: argparse.Namespace) -> int:
    stores = _stores(_settings(args))
    reports = stores.sql.list_reports()
    if args.json:
        print(json.dumps([r.__dict__ for r in reports], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in reports:
        names = f"（又称：{'、'.join(r.aliases)}）" if r.aliases else ""
        flag = "" if r.tables_readable else "  ⚠ 表格未能读取，仅正文"
        print(f"{r.id[:12]}  {r.agency}{names}  {r.year}年  {r.fmt}  {r.n_chunks}块  {r.source_name}{flag}")
    print(f"共 {len(reports)} 份报告")
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    stores = _stores(_settings(args))
    if args.action == "add":
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("密码：")
        stores.sql.add_user(args.name, args.role, password)
        print(f"已添加用户 {args.name}（{args.role}）")
    elif args.action == "delete":
        print("已删除" if stores.sql.delete_user(args.name) else "无此用户")
    else:
        for user in stores.sql.list_users():
            print(f"{user.name}\t{user.role}\t{user.created_at}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.server import serve

    serve(_settings(args), host=args.host, port=args.port)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from evals.cli import run_eval

    return run_eval(_settings(args), args)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="数据目录 (default: $NIANBAO_DATA_DIR or ./data)")
    parser = argparse.ArgumentParser(prog="nianbao", description="政府信息公开工作年度报告问答 nianbao")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", parents=[common], help="解析一份报告 (parse one report)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="输出JSON (design §2 contract)")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("check", parents=[common], help="勾稽关系审核 (consistency audit)")
    p.add_argument("file")
    p.add_argument("--strict", action="store_true", help="报告有不成立的勾稽关系时退出码为1")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("ingest", parents=[common], help="导入报告文件或目录 (ingest files/folders)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--rebuild", action="store_true", help="清空已导入的报告后重新导入（更换嵌入模型后使用）")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", parents=[common], help='提问；"-" 从标准输入逐行读取')
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="输出JSON (design §4 contract)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("reports", parents=[common], help="列出库中报告")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser("user", parents=[common], help="管理工作人员/评测人员账号")
    p.add_argument("action", choices=["add", "delete", "list"])
    p.add_argument("name", nargs="?", default="")
    p.add_argument("--role", choices=["staff", "evaluator", "admin"], default="staff")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("serve", parents=[common], help="启动网页服务")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", parents=[common], help="运行问答评测")
    p.add_argument("--gold", type=Path, action="append", help="金标准JSONL（可多次给出）")
    p.add_argument("--reports", type=Path, nargs="*", default=[], help="先导入这些报告到一个新的数据目录")
    p.add_argument("--out", type=Path, default=Path("eval_out"))
    p.add_argument("--baseline", action="store_true", help="同时运行纯向量检索基线")
    p.add_argument("--perturb", action="store_true", help="核对器审计：扰动答案中的数字")
    p.add_argument("--min", type=float, default=None, help="任一金标准准确率低于此值时退出码为1（CI门槛）")
    p.add_argument("--k", type=int, default=6, help="检索命中率统计的前k条 (default 6)")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    offline_environment()
    args = build_parser().parse_args(argv)
    if args.command == "user" and args.action in ("add", "delete") and not args.name:
        print("请给出用户名 (a user name is required)", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except NianbaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
