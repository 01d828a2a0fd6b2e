"""``main.py import-roster``: the preview, the commit only with --commit and no error, refusals
(exit codes 0 ok, 1 problems found, 2 refused), hostile files refused before the database."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Voter
from tests.conftest import TODAY, make_election, make_township
from tests.hostile_files import CORPUS
from tests.rosters import person, write_roster
from workflows.core.store import open_store
from workflows.voters.roster_admin import import_roster_command

ROOT = Path(__file__).resolve().parent.parent
ROWS = [person("张伟", date(1980, 5, 1), 11, 村民小组="上屋组"),
        person("王芳", date(1975, 3, 8), 22, 村民小组="下屋组")]


@pytest.fixture
def database(db_path) -> Path:
    """A township with 石桥村 and its election (committee day set); closed again, as the
    command opens the file itself."""
    store = open_store(f"sqlite:///{db_path}")
    with store.transaction("测试员") as session:
        make_election(session, make_township(session), committee=TODAY + timedelta(days=30))
    store.dispose()
    return db_path


def run(database: Path, file: Path, *, village: str = "石桥村", township: str | None = None,
        commit: bool = False) -> tuple[int, str, str]:
    args = argparse.Namespace(file=str(file), village=village, township=township, commit=commit,
                              db=str(database))
    out, err = io.StringIO(), io.StringIO()
    return import_roster_command(args, out, err), out.getvalue(), err.getvalue()


def voters(database: Path) -> int:
    store = open_store(f"sqlite:///{database}")
    try:
        with store.session() as session:
            return session.scalar(select(func.count()).select_from(Voter))
    finally:
        store.dispose()


def test_without_commit_it_only_previews(database, tmp_path):
    code, out, err = run(database, write_roster(tmp_path / "r.xlsx", {"花名册": ROWS}))
    assert (code, err) == (0, "")
    assert "云溪镇石桥村（第十二届），“r.xlsx”：新增 2 人，变更 0 人" in out
    assert "没有导入。确认无误后加 --commit 导入" in out
    assert voters(database) == 0


def test_with_commit_it_stores_everything_after_a_backup(database, tmp_path):
    code, out, _err = run(database, write_roster(tmp_path / "r.xlsx", {"花名册": ROWS}), commit=True)
    assert code == 0 and "已导入：新增 2 人，更新 0 人。" in out
    assert voters(database) == 2
    assert any(database.parent.rglob("*导入前*"))
    again, out, _err = run(database, write_roster(tmp_path / "r.xlsx", {"花名册": ROWS}), commit=True)
    assert again == 0 and "没有需要导入的变化" in out and voters(database) == 2


def test_a_file_with_errors_stores_nothing_even_with_commit(database, tmp_path):
    bad = ROWS + [person("=HYPERLINK(1)", date(1960, 1, 1), 41, 村民小组="上屋组", 公民身份号码="3601")]
    code, out, _err = run(database, write_roster(tmp_path / "r.xlsx", {"花名册": bad}), commit=True)
    assert code == 1
    assert "工作表“花名册” 第4行 E列（公民身份号码）：" in out and "没有导入任何一行" in out
    assert voters(database) == 0


@pytest.mark.parametrize("hostile", [h for h in CORPUS if not h.heavy], ids=lambda h: h.name)
def test_a_hostile_file_is_refused_before_the_database_is_opened(tmp_path, hostile):
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = folder / hostile.name
    hostile.build(path)
    missing = tmp_path / "never.sqlite"
    code, out, err = run(missing, path, commit=True)
    assert code == 2 and hostile.expected in err and out == ""
    assert not missing.exists()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"village": "白沙村"}, "云溪镇没有名为“白沙村”的村（现有：石桥村）"),
    ({"township": "青山乡"}, "数据库中没有名为“青山乡”的乡镇（现有：云溪镇）"),
])
def test_an_unknown_place_is_refused(database, tmp_path, kwargs, message):
    code, out, err = run(database, write_roster(tmp_path / "r.xlsx", {"花名册": ROWS}), **kwargs)
    assert code == 2 and message in err and out == ""


def test_several_townships_need_township(database, tmp_path):
    store = open_store(f"sqlite:///{database}")
    with store.transaction("测试员") as session:
        make_township(session, name="青山乡")
    store.dispose()
    path = write_roster(tmp_path / "r.xlsx", {"花名册": ROWS})
    code, _out, err = run(database, path)
    assert code == 2 and "数据库中有多个乡镇（云溪镇、青山乡），请用 --township 指定" in err
    assert run(database, path, township="云溪镇")[0] == 0


def test_an_election_without_its_day_is_refused(db_path, tmp_path):
    store = open_store(f"sqlite:///{db_path}")
    with store.transaction("测试员") as session:
        make_election(session, make_township(session))
    store.dispose()
    code, _out, err = run(db_path, write_roster(tmp_path / "r.xlsx", {"花名册": ROWS}))
    assert code == 2 and "请先在“选举设置”中设定村委会选举日" in err


def test_after_publication_an_import_needs_the_dialog_and_its_reason(database, tmp_path):
    from workflows.core.scope import open_scope
    from workflows.voters import publication

    path = write_roster(tmp_path / "r.xlsx", {"花名册": ROWS})
    assert run(database, path, commit=True)[0] == 0
    store = open_store(f"sqlite:///{database}")
    with store.transaction("测试员") as session:
        publication.publish_list(open_scope(session, 1, TODAY), TODAY)
    store.dispose()
    more = write_roster(tmp_path / "m.xlsx", {"花名册": ROWS + [person("李娜", date(1990, 10, 1), 32,
                                                                   村民小组="上屋组")]})
    code, _out, err = run(database, more, commit=True)
    assert code == 2 and "选民名单已经公布，此后导入即为更正，须写明更正原因" in err
    assert voters(database) == 2


def test_main_dispatches_import_roster(database, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    path = write_roster(tmp_path / "r.xlsx", {"花名册": ROWS})
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import-roster", str(path), "--village",
                           "石桥村", "--commit", "--db", str(database)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已导入：新增 2 人" in done.stdout and voters(database) == 2
