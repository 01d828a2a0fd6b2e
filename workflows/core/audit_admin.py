"""``main.py audit-verify [--db URL] [--anchor CODE …]``: check the audit log from the command line.

Checks the hash chain, the head counter, the guard triggers, every audited row against the
replayed log (by table, record and field), and that each anchor printed on a paper lies on
the chain. Exit code 0: all in order; 1: problems found (listed); 2: refused (the database
cannot be opened, is too old to check, or an anchor is not a well-formed code).
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

OK, PROBLEMS, REFUSED = 0, 1, 2


def audit_verify_command(args, out: TextIO, err: TextIO) -> int:
    """Run the check on ``args.db`` (or the default database) and print the report."""
    from sqlalchemy import text

    from workflows.core import audit, config
    from workflows.core.store import HEAD_REVISION, StoreError, open_store, sqlite_file

    codes = list(getattr(args, "anchor", None) or [])
    malformed = [code for code in codes if audit.normalise_anchor(code) is None]
    if malformed:
        print("锚点码格式不对（应为 16 位，如 3F9A-C2D1-77B0-1E4D）：" + "、".join(malformed), file=err)
        return REFUSED
    url = config.resolve_database_url(getattr(args, "db", None))
    path = sqlite_file(url)
    if path is not None and not path.exists():
        print(f"数据库文件“{path}”不存在。", file=err)
        return REFUSED
    try:
        store = open_store(url, migrate=False)
    except StoreError as refused:
        print(str(refused), file=err)
        return REFUSED
    try:
        with store.session() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if revision != HEAD_REVISION:
                print(f"数据库版本为 {revision}，本程序为 {HEAD_REVISION}：请先用本程序打开一次"
                      "（自动升级并备份）后再核对。", file=err)
                return REFUSED
            report = audit.verify(session, codes)
    finally:
        store.dispose()
    _print(report, out)
    return OK if report.ok else PROBLEMS


def _print(report, out: TextIO) -> None:
    print(f"审计记录 {report.checked} 条，核对数据 {report.rows_checked} 行，"
          f"用时 {report.seconds:.1f} 秒；当前锚点 {report.head}", file=out)
    for line in report.problems:
        print(f"  ✗ {line}", file=out)
    by_table = Counter((problem.table_label, problem.kind) for problem in report.records)
    if report.records:
        kinds = {"changed": "被改动", "added": "不在审计记录中", "deleted": "被删除", "table": "整表被删除"}
        summary = "；".join(f"{label}{count} 条{kinds[kind]}" for (label, kind), count in sorted(by_table.items()))
        print(f"  ✗ 数据与审计记录不符：{summary}", file=out)
        for problem in report.records:
            print(f"    - {problem.describe()}", file=out)
    for anchor in report.anchors:
        print(f"  {'✓' if anchor.found else '✗'} {anchor.describe()}", file=out)
    if report.ok:
        print("核对无误：哈希链完整，保护审计记录的触发器齐全，各表数据与审计记录一致"
              + ("，所给锚点都在链上。" if report.anchors else "。"), file=out)
    else:
        print("发现问题，见上。", file=out)
