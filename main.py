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


# Each administrator command is a function ``(args, out, err) -> exit code`` of its module.
ADMIN_COMMANDS = {
    "audit-verify": "workflows.core.audit_admin.audit_verify_command",
    "backup": "workflows.core.backup_admin.backup_command",
    "backups": "workflows.core.backup_admin.backups_command",
    "restore": "workflows.core.backup_admin.restore_command",
    "import-roster": "workflows.voters.roster_admin.import_roster_command",
    "tally": "workflows.count.tally_admin.tally_command",
}


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
    check.add_argument("--report", metavar="OUT.xlsx", help="另存检查报告（有问题的单元格标红）")
    # Administrator commands: exit code 0 ok, 1 problems found, 2 refused.
    verify = commands.add_parser("audit-verify", help="核对审计记录的哈希链、触发器和各表现状")
    _add_db(verify)
    verify.add_argument("--anchor", action="append", default=[], metavar="CODE",
                        help="文书上印的审计锚点码（可重复）：核对它仍在链上")
    _add_db(commands.add_parser("backup", help="立即备份数据库（在线备份并核对完整性）"))
    _add_db(commands.add_parser("backups", help="列出备份：时间、原因、大小、村数、选民数、是否核对"))
    restore = commands.add_parser("restore", help="用一个备份恢复数据库（先核对备份，并备份当前文件）")
    _add_db(restore)
    restore.add_argument("file", help="备份文件")
    importer = commands.add_parser("import-roster", help="检查花名册并（加 --commit 时）导入一个村")
    _add_db(importer)
    importer.add_argument("file", help="花名册 .xlsx 文件")
    importer.add_argument("--village", required=True, help="村名")
    importer.add_argument("--township", help="乡镇名（数据库中有多个乡镇时必填）")
    importer.add_argument("--commit", action="store_true", help="没有错误时导入（否则只显示检查结果）")
    tally = commands.add_parser("tally", help="按规则从计票数字判定选举是否有效、谁当选（JSON 文件，不使用数据库）")
    tally.add_argument("file", help="计票数字 JSON 文件（UTF-8），格式见 workflows/count/tally_admin.py")
    return parser


def _add_db(command: argparse.ArgumentParser) -> None:
    """``--db`` after the subcommand too (``main.py backup --db FILE``)."""
    command.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                         help="数据库：SQLite 文件路径或 PostgreSQL 地址（默认为本机数据库）")


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
                                    sys.stdout, sys.stderr, report=args.report)
        if args.command in ADMIN_COMMANDS:
            module, function = ADMIN_COMMANDS[args.command].rsplit(".", 1)
            from importlib import import_module

            return getattr(import_module(module), function)(args, sys.stdout, sys.stderr)
        if args.export_documents:
            return export_documents_command(args)
        if args.screenshot or args.quit_when_shown:
            import os

            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ui.app import run

        return run(args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # last resort: the details go to the log, never to the screen (SQL, IDs)
        log = _log_error()
        print(f"程序出错，本次操作没有完成，已保存的数据不受影响。\n详细信息已写入 {log}，请发给技术人员。",
              file=sys.stderr)
        return 1


def _log_error() -> str:
    """The current exception into the error log (rotated, ID and phone numbers hidden)."""
    from workflows.core import config

    return str(config.log_error("命令出错", True))


if __name__ == "__main__":
    sys.exit(main())
