"""Administrator commands: ``main.py backup``, ``main.py backups``, ``main.py restore FILE``.

Each is ``(args, out, err) -> exit code``: 0 done, 1 problems found (a broken backup in
the list, a backup that failed), 2 refused (not a SQLite file, the backup does not pass
its checks, another program holds the database).
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from workflows.core import backup, config


def _database(args, err: TextIO) -> Path | None:
    url = config.resolve_database_url(getattr(args, "db", None))
    path = config.sqlite_path_of(url)
    if path is None:
        print("服务器数据库（PostgreSQL）请由管理员用数据库自带的工具（pg_dump）备份和恢复。", file=err)
        return None
    return path


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.0f} KB"


def backup_command(args, out: TextIO, err: TextIO) -> int:
    """Back the database up now (online copy, checked whole); print where it went."""
    config.private_files()
    database = _database(args, err)
    if database is None:
        return 2
    if not database.exists() or database.stat().st_size == 0:
        print(f"没有找到数据库文件“{database}”。", file=err)
        return 2
    try:
        path = backup.make_backup(database, backup.MANUAL)
    except backup.BackupError as error:
        print(str(error), file=err)
        return 1
    info = backup.describe(path)
    print(f"已备份到：{path}", file=out)
    print(f"大小 {_size(info.size)}，村 {info.villages} 个，选民 {info.voters} 人，已核对完整性。", file=out)
    return 0


def backups_command(args, out: TextIO, err: TextIO) -> int:
    """List the backups: time, reason, size, villages, voters, verified mark."""
    database = _database(args, err)
    if database is None:
        return 2
    infos = backup.backup_infos(database)
    if not infos:
        print(f"“{database}”还没有备份（备份文件夹：{backup.backup_dir(database)}）。", file=out)
        return 0
    print(f"“{database}”的备份（{backup.backup_dir(database)}），新的在前：", file=out)
    print("时间                 原因        大小        村数  选民数   核对", file=out)
    broken = 0
    for info in infos:
        mark = "已核对" if info.verified else ("损坏：" + info.problem if info.problem else "未核对")
        broken += bool(info.problem)
        villages = "—" if info.villages is None else str(info.villages)
        voters = "—" if info.voters is None else str(info.voters)
        print(f"{info.taken_at:%Y-%m-%d %H:%M:%S}  {info.reason:<8}{_size(info.size):>10}"
              f"  {villages:>5}  {voters:>7}   {mark}   {info.path.name}", file=out)
    if broken:
        print(f"有 {broken} 份备份已损坏，不能用于恢复（新的备份不受影响）。", file=err)
        return 1
    return 0


def restore_command(args, out: TextIO, err: TextIO) -> int:
    """Restore the database from a backup file: check the backup (integrity and audit
    chain), back the current file up, put the backup in place, record the restore."""
    config.private_files()
    database = _database(args, err)
    if database is None:
        return 2
    chosen = Path(args.file).expanduser()
    if not chosen.is_absolute() and not chosen.exists():
        chosen = backup.backup_dir(database) / chosen
    try:
        plan = backup.prepare_restore(database, chosen)
    except backup.BackupError as error:
        print(str(error), file=err)
        return 2
    print(f"备份：{chosen.name}（{plan.backup.taken_at:%Y-%m-%d %H:%M}，{plan.backup.reason}），"
          f"村 {plan.backup.villages} 个，选民 {plan.backup.voters} 人；完整性和审计记录已核对。", file=out)
    for line in restore_consequences(plan):
        print(line, file=out)
    from workflows.core import lock as locks

    holder = locks.holder(database)
    if holder is not None:
        print(f"数据库正被{holder.describe()}使用，不能恢复。请先关闭那里的程序。", file=err)
        return 2
    operator = config.Settings().operator or "命令行恢复"
    try:
        store = backup.restore(None, plan, operator)
    except backup.BackupError as error:
        print(str(error), file=err)
        return 2 if "正被" in str(error) else 1
    store.dispose()
    print(f"已恢复：“{database}”现在是 {plan.backup.taken_at:%Y-%m-%d %H:%M} 的备份；"
          "恢复前的文件已另存在备份文件夹中。", file=out)
    return 0


def restore_consequences(plan: backup.RestorePlan) -> list[str]:
    """What the restore replaces, in the clerk's words (the dialog shows the same)."""
    lines = []
    if not plan.current_readable:
        lines.append("当前数据库文件已损坏或无法读取：恢复前会把它原样另存一份。")
    elif plan.current_head is not None:
        lines.append(f"将替换的审计记录末条：第 {plan.current_head[0]} 号（{plan.current_head[1][:12]}…）。")
        if plan.backup.head is not None and plan.backup.head[0] < plan.current_head[0]:
            lines.append(f"备份之后的 {plan.current_head[0] - plan.backup.head[0]} 条审计记录所记的改动将被撤回"
                         "（恢复本身会记入审计记录）。")
    if plan.documents_after:
        lines.append(f"备份之后签发的 {len(plan.documents_after)} 份文书不在备份中，恢复后档案里将没有它们，"
                     "凭核验码也查不到；请记下它们，必要时重新签发：")
        for document in plan.documents_after:
            lines.append(f"  {document.issued_at}  {document.code}  {document.title}")
    else:
        lines.append("备份之后没有签发新的文书。")
    return lines
