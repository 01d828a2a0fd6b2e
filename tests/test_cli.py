"""The command line, run as a user would: real processes, exit codes, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_main(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


def test_demo_screenshot_renders_the_main_window(tmp_path):
    shot = tmp_path / "demo.png"
    result = run_main("--demo", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    demo_db = Path(os.environ["VEW_DATA_DIR"]) / "demo.sqlite"
    assert demo_db.exists()
    assert not (Path(os.environ["VEW_DATA_DIR"]) / "workbench.sqlite").exists()


def test_a_damaged_database_gives_a_chinese_message_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"PK\x03\x04 this is a zip file, not a database" * 10)
    result = run_main("--db", str(bad), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "不是本程序的数据库文件" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_bytes().startswith(b"PK\x03\x04")


def test_sort_names_orders_stdin_by_surname_strokes():
    result = run_main("sort-names", stdin="张伟\n王芳\n李娜\n丁一\n")
    assert result.returncode == 0
    assert result.stdout.split() == ["丁一", "王芳", "李娜", "张伟"]


def test_import_contracts_keep_the_layers_and_the_domains_apart():
    """DESIGN.md layers: models, workflows, printing never import Qt; printing never models;
    ui never models or SQLAlchemy; the core no domain; domains only each other's api."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def test_check_roster_prints_findings_and_exits_1_on_errors(tmp_path):
    from datetime import date

    from tests.rosters import person, write_roster

    rows = [person("张伟", date(1980, 5, 1), 11), person("王芳", date(2010, 3, 8), 22),
            person("李娜", date(1990, 10, 1), 32, 公民身份号码="36010219901001003")]
    path = write_roster(tmp_path / "花名册.xlsx", {"一组": rows})
    result = run_main("check-roster", str(path), "--election-day", "2026-12-20")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "工作表“一组” 第3行：（提示）选举日2026年12月20日未满18周岁（16周岁），不予登记（《村民委员会组织法》第十三条）"
    assert lines[1].startswith("工作表“一组” 第4行 E列（公民身份号码）：身份证号码应为18位")
    assert lines[-1] == "共检查 3 行：可登记 1 人，不予登记 1 人，错误 1 处，提示 1 处。"


def test_check_roster_exits_0_on_a_clean_file_and_2_on_a_missing_one(tmp_path):
    from datetime import date

    from tests.rosters import person, write_roster

    path = write_roster(tmp_path / "r.xlsx", {"一组": [person("张伟", date(1980, 5, 1), 11)]})
    assert run_main("check-roster", str(path), "--election-day", "2026-12-20").returncode == 0
    missing = run_main("check-roster", str(tmp_path / "nope.xlsx"), "--election-day", "2026-12-20")
    assert missing.returncode == 2 and "找不到文件" in missing.stderr


def test_export_documents_writes_every_kind_the_demo_can_produce(tmp_path):
    from pypdf import PdfReader

    folder = tmp_path / "docs"
    result = run_main("--demo", "--export-documents", str(folder))
    assert result.returncode == 0, result.stderr
    files = sorted(folder.glob("*.pdf"))
    labels = {path.name.split("-")[1] for path in files}
    assert {"换届选举工作日程公告", "公告", "当选证书", "选民名单公告", "选民名单补正公告", "异议处理结果公告",
            "选民证", "预备人选公示", "预备人选请示", "资格联审表", "应到会人数报告"} <= labels
    for path in files:
        assert len(PdfReader(path).pages) >= 1


def _archive_size(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM document").fetchone()[0]


def test_export_documents_issues_nothing_and_two_exports_are_byte_identical(tmp_path):
    """Item 1: exporting writes the archive as issued (same codes, numbers, dates) and issues
    nothing: a second export of the same database gives the same files, byte for byte, and
    the archive does not grow. The demo's schedule notices were issued by the demo build."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_main("--demo", "--export-documents", str(first)).returncode == 0
    demo_db = Path(os.environ["VEW_DATA_DIR"]) / "demo.sqlite"
    before = _archive_size(demo_db)
    result = run_main("--db", str(demo_db), "--export-documents", str(second))
    assert result.returncode == 0, result.stderr
    assert _archive_size(demo_db) == before == len(list(first.glob("*.pdf")))
    names = sorted(path.name for path in first.glob("*.pdf"))
    assert names == sorted(path.name for path in second.glob("*.pdf"))
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in names)
    assert sum("换届选举工作日程公告" in name for name in names) >= 9


def test_two_demo_exports_on_one_day_are_byte_identical(tmp_path):
    """Item 1 as a reviewer runs it: ``--demo --export-documents`` twice on one day; the demo
    is built once a day, so the second export writes the same files, byte for byte."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_main("--demo", "--export-documents", str(first)).returncode == 0
    assert run_main("--demo", "--export-documents", str(second)).returncode == 0
    names = sorted(path.name for path in first.glob("*.pdf"))
    assert names and names == sorted(path.name for path in second.glob("*.pdf"))
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in names)


def test_export_documents_of_a_database_without_documents_writes_none(tmp_path):
    """Item 1: an election with its days set but nothing issued exports nothing (the export
    used to issue schedule notices itself)."""
    from datetime import date

    from workflows.core.store import open_store
    from workflows.township.townships import (
        ElectionInput,
        TownshipInput,
        VillageInput,
        create_township,
        save_election,
        save_village,
    )

    db = tmp_path / "empty.sqlite"
    store = open_store(f"sqlite:///{db}")
    with store.transaction("测试员") as session:
        township = create_township(session, TownshipInput("云溪镇", "青山县", "江西省", "jiangxi_2021"))
        village = save_village(session, township.id, VillageInput("石桥村", 1500, 400, ["上屋组"]))
        save_election(session, village.id, ElectionInput("第十二届", None, date(2026, 12, 31)))
    store.dispose()
    result = run_main("--db", str(db), "--export-documents", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "已写出 0 份文书" in result.stdout
    assert list((tmp_path / "out").glob("*.pdf")) == [] and _archive_size(db) == 0


def test_export_documents_help_says_it_writes_the_archive_as_issued():
    result = run_main("--help")
    assert "已签发" in result.stdout and "不签发" in result.stdout
