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


def test_import_contracts_keep_qt_out_of_the_core():
    """DESIGN.md layers: models, workflows, printing never import Qt; printing never models."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout
