"""村“两委”换届选举工作台 — start-up: parse arguments, then run the GUI or a command.

    python main.py                      the program, on the default database
    python main.py --demo               the demo township (its own database)
    python main.py --db FILE_OR_URL     another SQLite file or a PostgreSQL URL
    python main.py --demo --screenshot out.png
    python main.py sort-names < names.txt
Heavy modules are imported only when needed, so the window appears quickly.
"""

from __future__ import annotations

import argparse
import sys
import time

STARTED = time.perf_counter()


def build_parser() -> argparse.ArgumentParser:
    """All options and subcommands, in one place."""
    parser = argparse.ArgumentParser(
        prog="main.py", description="村“两委”换届选举工作台（Village Election Workbench）")
    parser.add_argument("--db", metavar="URL", help="数据库：SQLite 文件路径或 PostgreSQL 地址")
    parser.add_argument("--demo", action="store_true", help="打开演示乡镇（独立的演示数据库）")
    parser.add_argument("--screenshot", metavar="PNG", help="在屏幕外渲染主窗口，保存为 PNG 后退出")
    parser.add_argument("--export-documents", metavar="DIR",
                        help="把档案中已签发的全部文书按签发时的原样（PDF，核验码、编号、日期不变）"
                             "写入文件夹后退出；导出不签发、不改动任何文书")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="命令")
    commands.add_parser("sort-names", help="从标准输入逐行读入姓名，按姓氏笔画排序后输出")
    check = commands.add_parser("check-roster", help="检查花名册 Excel 文件（不使用数据库）")
    check.add_argument("file", help="花名册 .xlsx 文件")
    check.add_argument("--election-day", required=True, type=_day, help="选举日 YYYY-MM-DD")
    check.add_argument("--preset", default="national", help="规则配置：national 或 jiangxi_2021")
    check.add_argument("--sheet", action="append", help="只检查指定工作表（可重复）")
    return parser


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"日期“{text}”应写成 YYYY-MM-DD") from error


def sort_names_command() -> int:
    """Names on stdin, one per line → stroke order on stdout; unknown characters on stderr."""
    from workflows.core.stroke_order import run_sort_names_cli

    return run_sort_names_cli(sys.stdin, sys.stdout, sys.stderr)


def export_documents_command(args) -> int:
    """Open the database (building the demo if asked) and write every document as PDF."""
    from pathlib import Path

    from workflows.core import config
    from workflows.core.store import StoreError, open_store
    from workflows.township.exports import export_documents

    url = config.resolve_database_url(args.db, demo=args.demo)
    try:
        if args.demo:  # built once a day: two exports on one day write the same bytes
            from workflows.demo.township import open_demo

            store = open_demo(url, config.today())
        else:
            store = open_store(url)
    except StoreError as refused:
        print(str(refused), file=sys.stderr)
        return 2
    operator = config.Settings().operator or "命令行导出"
    written = export_documents(store, Path(args.export_documents), operator)
    store.dispose()
    print(f"已写出 {len(written)} 份文书到 {args.export_documents}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; never lets a traceback reach the user."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        if args.command == "sort-names":
            return sort_names_command()
        if args.command == "check-roster":
            from workflows.voters.roster import run_check_roster

            return run_check_roster(args.file, args.election_day, args.preset, args.sheet,
                                    sys.stdout, sys.stderr)
        if args.export_documents:
            return export_documents_command(args)
        if args.screenshot or args.quit_when_shown:
            import os

            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ui.app import run

        return run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # last resort: log the details, tell the user in Chinese
        log = _log_error()
        print(f"程序出错：{error}\n详细信息已写入 {log}，请发给技术人员。", file=sys.stderr)
        return 1


def _log_error() -> str:
    import traceback

    from workflows.core.config import data_dir

    path = data_dir() / "error.log"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(time.strftime("\n=== %Y-%m-%d %H:%M:%S ===\n"))
        handle.write(traceback.format_exc())
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
