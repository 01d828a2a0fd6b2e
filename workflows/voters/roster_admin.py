"""``main.py import-roster FILE --village NAME [--township NAME] [--commit] [--db URL]``.

The administrator's way to do what the import dialog does: the same checked read (a hostile
file is refused before the database is even opened), the same preview (findings with sheet,
row and column, then the counts), and with ``--commit`` the same all-or-nothing store in one
transaction after a backup copy of the database file. Nothing is stored without
``--commit``, nor when the file has any error. Exit codes as every administrator command:
0 ok, 1 problems found (nothing stored), 2 refused.
"""

from __future__ import annotations

from pathlib import Path


class _Refused(Exception):
    """The command cannot go on; the message is for the administrator."""


def import_roster_command(args, out, err) -> int:
    """Check the roster for the village's newest election; store it with ``--commit``."""
    from workflows.core import config
    from workflows.core.roster_read import RosterFileError, read_workbook
    from workflows.core.store import StoreError, open_store

    path = Path(args.file)
    try:
        workbook = read_workbook(path)
    except RosterFileError as error:
        print(str(error), file=err)
        return 2
    if not workbook.roster_sheets():
        print(f"“{path.name}”中没有找到花名册表头（至少应有“姓名”“公民身份号码”两列）", file=err)
        return 1
    try:
        store = open_store(config.resolve_database_url(getattr(args, "db", None)))
    except StoreError as error:
        print(str(error), file=err)
        return 2
    try:
        return _import(store, workbook, args, out, err)
    except _Refused as refused:
        print(str(refused), file=err)
        return 2
    finally:
        store.dispose()


def _import(store, workbook, args, out, err) -> int:
    from workflows.core import backup, config
    from workflows.core.errors import InvalidInput
    from workflows.core.paper import clerk_text
    from workflows.core.scope import open_scope
    from workflows.core.store import StoreError
    from workflows.voters.registration import commit_import, is_published, prepare_import

    today = config.today()
    try:
        with store.session() as session:
            election_id, place = _election(session, args.village, args.township)
            scope = open_scope(session, election_id, today)
            preview = prepare_import(scope, workbook)
            published = is_published(scope)
    except InvalidInput as refused:
        raise _Refused("；".join(str(message) for message in refused.errors.values())) from refused
    for finding in preview.check.findings():
        print(clerk_text(finding.line()), file=out)
    counts = preview.counts
    print(f"{place}，“{preview.file_name}”：新增 {counts['new']} 人，变更 {counts['changed']} 人，"
          f"未变 {counts['unchanged']} 人，不予登记 {counts['skipped']} 人；错误 {counts['errors']} 处，"
          f"提示 {counts['warnings']} 处。", file=out)
    if counts["errors"]:
        print("文件中有错误，没有导入任何一行：请在 Excel 中改正后重新检查（可用 check-roster --report "
              "导出标出问题单元格的检查报告）。", file=out)
        return 1
    if not args.commit:
        print("以上是检查结果，没有导入。确认无误后加 --commit 导入。", file=out)
        return 0
    if counts["new"] + counts["changed"] == 0:
        print("文件与已存数据一致，没有需要导入的变化。", file=out)
        return 0
    if published:
        raise _Refused("选民名单已经公布，此后导入即为更正，须写明更正原因并列入补充公告；"
                       "请在程序的“导入选民花名册”中导入。")
    try:
        if store.sqlite_path is not None:
            backup.make_backup(store.sqlite_path, "导入前")
        operator = config.Settings().operator or "命令行导入"
        with store.transaction(operator) as session:
            stored = commit_import(open_scope(session, election_id, today), preview)
    except (getattr(backup, "BackupError", OSError), OSError, StoreError) as error:
        raise _Refused(f"没有导入：{error}") from error
    except InvalidInput as refused:
        raise _Refused("；".join(str(message) for message in refused.errors.values())) from refused
    print(f"已导入：新增 {stored['new']} 人，更新 {stored['changed']} 人。", file=out)
    return 0


def _election(session, village_name: str, township_name: str | None) -> tuple[int, str]:
    """The newest election of the named village, and “云溪镇石桥村（第十二届）” for messages."""
    from sqlalchemy import select

    from models import ElectionProcess, Township, Village

    townships = list(session.execute(select(Township.id, Township.name).order_by(Township.id)))
    names = "、".join(name for _id, name in townships)
    if township_name:
        chosen = [row for row in townships if row.name == township_name]
        if not chosen:
            raise _Refused(f"数据库中没有名为“{township_name}”的乡镇（现有：{names or '无'}）。")
    elif len(townships) > 1:
        raise _Refused(f"数据库中有多个乡镇（{names}），请用 --township 指定。")
    else:
        chosen = townships
    if not chosen:
        raise _Refused("数据库中还没有乡镇，请先在程序中建立乡镇和村。")
    township_id, township = chosen[0]
    villages = list(session.execute(select(Village.id, Village.name).where(
        Village.township_id == township_id).order_by(Village.id)))
    village_id = next((ident for ident, name in villages if name == village_name), None)
    if village_id is None:
        listed = "、".join(name for _id, name in villages) or "无"
        raise _Refused(f"{township}没有名为“{village_name}”的村（现有：{listed}）。")
    election = session.execute(select(ElectionProcess.id, ElectionProcess.term_label).where(
        ElectionProcess.village_id == village_id).order_by(ElectionProcess.id.desc()).limit(1)).first()
    if election is None:
        raise _Refused(f"{township}{village_name}还没有建立换届选举，请先在程序中设置。")
    return election.id, f"{township}{village_name}（{election.term_label}）"
