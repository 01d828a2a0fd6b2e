"""A township at full size: 40 villages × 2,500 voters and a 100,000-voter village.

    python -m bench.township [--rebuild] [--only NAME] [--runs 11] [--heavy-runs 3]

Builds the database once, with the program's own workflows (bench/township_data.py), into
a folder under the system temp dir keyed by a version string and the schema revision
(``--rebuild`` replaces it), then measures each row of the table below on a copy of it and
prints program time, baseline time, ratio and target — medians of several runs. Rows
(``--only`` takes one of these names):

  search        per keystroke in the 100,000-voter list: VoterTableModel.set_filter until the
                table is repainted with its first page; also the typing delay of the page
  open_page     the registration page of a 2,500-voter village built, shown at 1366×768,
                painted; baseline: the bare query of its first page of rows
  save_voter    one voter's phone changed through the voter dialog's save (commit), and the
                redraw the open main window (on that registration page) does after it
  election_day  ElectionDialog saved for one village with the main window on that village,
                until the window's change handling and repaint are done
  import        200,000-row roster: preview + commit vs calamine + sqlite3 executemany (time
                and peak RSS, one subprocess per run)
  publish       publish_list for the 40 villages (400 notices, 100,000 names) vs the same
                notices rendered with bare reportlab (bench/township_publish.py)
  startup       process start until the overview of 40 villages is painted vs a bare
                QMainWindow with a 40-row QTableWidget (subprocesses, bench/township_startup.py)
  sort          the 100,000-voter table sorted by name, then by ID number (model.sort)
  integrity     PRAGMA integrity_check of the whole database file

The figures are for reading, not a test: nothing fails when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import township_data as data  # noqa: E402

ROW_NAMES = ("search", "open_page", "save_voter", "election_day", "import", "publish", "startup",
             "sort", "integrity")
WINDOW_SIZE = (1366, 768)
FIRST_PAGE = 200  # rows per page of ui/voters/voter_model.py (the bare queries fetch as many)


# --- results ---------------------------------------------------------------------------

@dataclass
class Line:
    """One printed line: times in seconds (or bytes when ``unit`` is "B")."""

    label: str
    program: float | None
    baseline: float | None = None
    target: float | None = None
    ratio_target: bool = False  # target is a ratio to the baseline (else an absolute value)
    detail: str = ""
    unit: str = "s"
    error: str = ""

    @property
    def ratio(self) -> float | None:
        if self.program is None or not self.baseline:
            return None
        return self.program / self.baseline

    def verdict(self) -> str:
        if self.error:
            return "ERROR"
        value = self.ratio if self.ratio_target else self.program
        if self.target is None or value is None:
            return ""
        return "OK" if value <= self.target else "MISSED"

    def cells(self) -> list[str]:
        if self.error:
            return [self.label, "—", "—", "—", "", "ERROR", self.error]
        target = ""
        if self.target is not None:
            target = (f"≤ {self.target:g}×" if self.ratio_target else
                      f"≤ {self.target * 1000:g} ms" if self.target < 1 else f"≤ {self.target:g} s")
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else ""
        return [self.label, fmt(self.program, self.unit), fmt(self.baseline, self.unit), ratio, target,
                self.verdict(), self.detail]


def fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return ""
    if unit == "B":
        return f"{value / 2**20:.0f} MB"
    if unit == "ms-exact":
        return f"{value * 1000:.0f} ms"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 10:
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.1f} s"


def print_table(lines: list[Line]) -> None:
    head = ["operation", "program", "baseline", "ratio", "target", "result", "detail"]
    rows = [head] + [line.cells() for line in lines]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(head) - 1)]
    for index, row in enumerate(rows):
        cells = [_pad(cell, width, right=0 < i < 4) for i, (cell, width) in enumerate(zip(row[:-1], widths, strict=True))]
        print("  ".join(cells + [row[-1]]).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths) + "  " + "-" * 6)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def median(values: list[float]) -> float:
    return statistics.median(values)


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- environment shared by the rows ----------------------------------------------------

class PaintWatch:
    """Counts paint events of one widget (an event filter that lets everything through)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        watch = self

        class Filter(QObject):
            def eventFilter(self, _obj, event):  # noqa: N802
                if event.type() == QEvent.Paint:
                    watch.count += 1
                return False

        self.count = 0
        self.widget = widget
        self.filter = Filter(widget)
        widget.installEventFilter(self.filter)


class Env:
    """The working copy of the cached database, the Qt application, the program's context."""

    def __init__(self, cache: Path, meta: dict, work: Path, runs: int, heavy_runs: int,
                 startup_runs: int) -> None:
        self.cache, self.meta, self.work = cache, meta, work
        self.runs, self.heavy_runs, self.startup_runs = runs, heavy_runs, startup_runs
        self.database = work / "work.sqlite"
        shutil.copyfile(data.database_path(cache), self.database)
        self._app = self._ctx = self._window = self._big_page = None
        self.bare = sqlite3.connect(self.database, isolation_level=None)
        self.bare.execute("PRAGMA journal_mode=WAL")
        self.bare.execute("PRAGMA synchronous=NORMAL")  # as workflows.core.store sets it

    # -- program objects, built when a row first needs them
    @property
    def app(self):
        if self._app is None:
            from ui.app import create_application

            self._app = create_application()
        return self._app

    @property
    def ctx(self):
        if self._ctx is None:
            from ui.context import AppContext
            from ui.signals import AppSignals
            from workflows.core import config
            from workflows.core.store import open_store

            self.app  # noqa: B018 - the QApplication first (protects the bools, loads fonts)
            settings = config.Settings()
            settings.operator = data.OPERATOR
            store = open_store(f"sqlite:///{self.database}")
            self._ctx = AppContext(store, settings, AppSignals(), township_id=self.meta["township_id"])
        return self._ctx

    def settle(self, watch: PaintWatch | None = None, since: int | None = None, timeout: float = 10.0) -> None:
        """Process events until ``watch`` saw a paint after ``since`` (or, without a watch, until
        three passes in a row paint nothing more), within ``timeout`` seconds."""
        deadline = time.perf_counter() + timeout
        idle = 0
        while time.perf_counter() < deadline:
            before = watch.count if watch else 0
            self.app.processEvents()
            if watch is not None and since is not None and watch.count > since:
                return
            idle = idle + 1 if (watch is None or watch.count == before) else 0
            if (watch is None or since is None) and idle >= 3:
                return
        if watch is not None and since is not None:
            raise RuntimeError("the widget was not repainted")

    def registration_page(self, election_id: int):
        """The registration page of an election, built by its registered factory, shown."""
        from ui.shell.pages import page_factory

        page = page_factory("vc.registration")(self.ctx, election_id, None)
        watch = PaintWatch(voter_table(page).viewport())
        page.resize(*WINDOW_SIZE)
        page.show()
        self.settle(watch, 0)
        return page, watch

    @property
    def big_page(self):
        if self._big_page is None:
            self._big_page = self.registration_page(self.meta["big"]["election_id"])
        return self._big_page

    @property
    def window(self):
        if self._window is None:
            from ui.shell.main_window import MainWindow

            self._window = MainWindow(self.ctx)
            self._window.resize(*WINDOW_SIZE)
            self._window.show()
            self.settle()
        return self._window

    def fresh_copy(self, name: str) -> Path:
        target = self.work / name
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(data.database_path(self.cache), target)
        return target

    def child_env(self) -> dict[str, str]:
        return dict(os.environ)


def voter_table(page):
    from PySide6.QtWidgets import QTableView

    return page.findChild(QTableView, "voter_table") or page.findChild(QTableView)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def repeat(action: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        action()
    return [timed(action) for _ in range(runs)]


# --- bare queries (baselines) ----------------------------------------------------------

ID_QUERY = ("SELECT voter.id FROM voter LEFT OUTER JOIN village_group ON village_group.id = voter.group_id "
            "WHERE voter.election_id = ? {where} AND voter.status = 'registered' ORDER BY {order}, voter.id")
TEXT_WHERE = ("AND (voter.name LIKE ? OR voter.id_number LIKE ? OR voter.id_number LIKE ? "
              "OR voter.phone LIKE ?)")
ROWS_QUERY = ("SELECT voter.*, village_group.name FROM voter LEFT OUTER JOIN village_group "
              "ON village_group.id = voter.group_id WHERE voter.id IN ({marks})")


def bare_list(env: Env, election_id: int, text: str = "", order: str = "village_group.position") -> int:
    """The bare equivalent of matching_ids + the first page of rows_for."""
    params: list = [election_id]
    where = ""
    if text:
        where = TEXT_WHERE
        params += [f"%{text}%", f"{text.upper()}%", f"%{text.upper()}", f"%{text}%"]
    ids = [row[0] for row in env.bare.execute(ID_QUERY.format(where=where, order=order), params)]
    first = ids[:FIRST_PAGE]
    if first:
        env.bare.execute(ROWS_QUERY.format(marks=",".join("?" * len(first))), first).fetchall()
    return len(ids)


def bare_first_page(env: Env, election_id: int) -> None:
    env.bare.execute(
        "SELECT voter.*, village_group.name FROM voter LEFT OUTER JOIN village_group "
        "ON village_group.id = voter.group_id WHERE voter.election_id = ? AND voter.status = 'registered' "
        "ORDER BY village_group.position, voter.id LIMIT ?", (election_id, FIRST_PAGE)).fetchall()


# --- rows ------------------------------------------------------------------------------

def row_search(env: Env) -> list[Line]:
    from PySide6.QtCore import QTimer

    page, watch = env.big_page
    election_id = env.meta["big"]["election_id"]
    number = env.bare.execute("SELECT id_number FROM voter WHERE election_id = ? ORDER BY id LIMIT 1 OFFSET 50000",
                              (election_id,)).fetchone()[0]
    fragment = number[-5:-1]  # 4 digits inside the ID's tail: found by the phone/ID LIKE patterns
    keystrokes = ["王"] + [fragment[:n] for n in range(1, 5)]
    model = page.model

    def keystroke(text: str) -> float:
        flt = replace(page.current_filter(), text=text)
        since = watch.count
        start = time.perf_counter()
        model.set_filter(flt)
        env.settle(watch, since)
        elapsed = time.perf_counter() - start
        if model.rowCount() and not getattr(model, "pages", True):
            raise RuntimeError("the first page was not fetched")
        return elapsed

    def clear() -> None:
        since = watch.count
        model.set_filter(replace(page.current_filter(), text=""))
        env.settle(watch, since)

    for text in keystrokes:  # warm-up
        keystroke(text)
    clear()
    per_key: dict[str, list[float]] = {text: [] for text in keystrokes}
    bare: dict[str, list[float]] = {text: [] for text in keystrokes}
    for _ in range(env.runs):
        for text in keystrokes:
            per_key[text].append(keystroke(text))
            bare[text].append(timed(lambda t=text: bare_list(env, election_id, t)))
        clear()
    worst = max(keystrokes, key=lambda t: median(per_key[t]))
    everything = [value for values in per_key.values() for value in values]
    delays = sorted({timer.interval() for timer in page.findChildren(QTimer) if timer.isSingleShot()})
    delay = delays[0] / 1000 if delays else None
    keys = ", ".join(f"“{t}” {fmt(median(per_key[t]))}" for t in keystrokes)
    return [
        Line("search keystroke, 100,000 voters (slowest)", median(per_key[worst]), median(bare[worst]), 0.050,
             detail=f"slowest: “{worst}”, {bare_list(env, election_id, worst):,} hits; per key: {keys}; "
                    f"all keys {fmt(median(everything))}; {env.runs} runs"),
        Line("  typing delay before the query", delay, None, 0.150, unit="ms-exact",
             detail="single-shot QTimer of the registration page's search box (SEARCH_DELAY_MS)"),
    ]


def row_open_page(env: Env) -> list[Line]:
    villages = env.meta["villages"]
    state = {"n": 0}

    def open_once():
        village = villages[2 + state["n"] % (len(villages) - 2)]  # a different village each time
        state["n"] += 1
        return env.registration_page(village["election_id"])[0]

    def close(page) -> None:
        page.hide()
        page.deleteLater()
        env.settle()

    times = []
    close(open_once())  # warm-up (imports the domain pages once)
    for _ in range(env.runs):
        start = time.perf_counter()
        page = open_once()
        times.append(time.perf_counter() - start)
        close(page)
    election_id = villages[2]["election_id"]
    bare = repeat(lambda: bare_first_page(env, election_id), env.runs)
    return [Line("open registration page, 2,500 voters", median(times), median(bare), 0.150,
                 detail=f"built, shown at {WINDOW_SIZE[0]}×{WINDOW_SIZE[1]}, table painted")]


@contextmanager
def marking(env: Env, method: str, marks: dict, key: str):
    """Shadow ctx.scope / ctx.transaction on the instance, noting when it has committed."""
    ctx = env.ctx
    original = getattr(type(ctx), method)

    @contextmanager
    def wrapper(*args, **kwargs):
        with original(ctx, *args, **kwargs) as value:
            yield value
        marks.setdefault(key, time.perf_counter())

    setattr(ctx, method, wrapper)
    try:
        yield
    finally:
        delattr(ctx, method)


def show_stage(env: Env, village: dict, stage: str | None):
    window = env.window
    window.open_village(village["village_id"])
    env.settle()
    if stage:
        window.village_page.select_stage(stage)
        env.settle()
    return window


def row_save_voter(env: Env) -> list[Line]:
    """The voter dialog's own save (VoterDialog.exec replaced by: type a phone, press 保存)."""
    from PySide6.QtWidgets import QDialog

    from ui.shell.pages import page_factory
    from ui.voters import voter_dialog

    village = env.meta["villages"][0]
    window = show_stage(env, village, "vc.registration")
    page_class = page_factory("vc.registration")
    pages = [p for p in window.findChildren(page_class) if p.isVisible()]
    if not pages:
        raise RuntimeError("the registration page is not shown in the main window")
    page = pages[0]
    watch = PaintWatch(voter_table(page).viewport())
    marks: dict = {}
    state = {"n": 0}
    original_exec = voter_dialog.VoterDialog.exec

    def fake_exec(dialog) -> int:
        dialog.phone.setText(f"139{state['n']:08d}")
        marks["start"] = time.perf_counter()
        dialog.save_action()
        accepted = dialog.result() == QDialog.Accepted
        if not accepted:
            raise RuntimeError(f"the voter dialog refused to save: {dialog.general_error.text()}")
        dialog.deleteLater()
        return int(accepted)

    saves, refreshes = [], []
    voter_dialog.VoterDialog.exec = fake_exec
    try:
        with marking(env, "scope", marks, "committed"):
            for run in range(env.runs + 1):
                state["n"] = run
                page.select_row(run % 40)
                voter_id = page.selected_voter_id()
                marks.clear()
                since = watch.count
                page.edit_action()
                env.settle(watch, since)
                end = time.perf_counter()
                phone = env.bare.execute("SELECT phone FROM voter WHERE id = ?", (voter_id,)).fetchone()[0]
                if phone != f"139{run:08d}":
                    raise RuntimeError(f"voter {voter_id} was not saved (phone {phone})")
                if run:  # the first is a warm-up
                    saves.append(marks["committed"] - marks["start"])
                    refreshes.append(end - marks["committed"])
                env.settle()
    finally:
        voter_dialog.VoterDialog.exec = original_exec
    voter_id = env.bare.execute("SELECT id FROM voter WHERE election_id = ? LIMIT 1",
                                (village["election_id"],)).fetchone()[0]

    def bare_save() -> None:
        now = datetime.now(UTC).isoformat(sep=" ")
        env.bare.execute("BEGIN")
        env.bare.execute("UPDATE voter SET phone = ?, updated_at = ? WHERE id = ?", ("13900000000", now, voter_id))
        env.bare.execute("COMMIT")

    bare = repeat(bare_save, env.runs)
    bare_page = repeat(lambda: bare_first_page(env, village["election_id"]), env.runs)
    return [
        Line("save one voter (save_voter + commit)", median(saves), median(bare), 0.050,
             detail="VoterDialog.save_action until its transaction committed; baseline: bare UPDATE + commit"),
        Line("  redraw after the save", median(refreshes), median(bare_page), 0.100,
             detail="change report handled by the open main window + the page's own refresh, repainted; "
                    "baseline: bare first-page query"),
    ]


def row_election_day(env: Env) -> list[Line]:
    from PySide6.QtWidgets import QDialog

    from ui.township.election_dialog import ElectionDialog

    village = env.meta["villages"][1]
    window = show_stage(env, village, None)
    watch = PaintWatch(window.village_page.details)
    marks: dict = {}
    totals, commits = [], []
    with marking(env, "transaction", marks, "committed"):
        for run in range(env.runs + 1):
            dialog = ElectionDialog(env.ctx, village["village_id"], village["election_id"], window)
            dialog.committee_day.set_value(data.COMMITTEE_DAY + timedelta(days=1 + run % 2))
            dialog.reason.setText("县换届办通知调整选举日")  # moving a set day needs a reason
            env.settle()
            marks.clear()
            since = watch.count
            start = time.perf_counter()
            dialog.save_action()
            env.settle(watch, since)
            end = time.perf_counter()
            if dialog.result() != QDialog.Accepted:
                raise RuntimeError(f"the election dialog refused to save: {dialog.general_error.text()}")
            if run:
                totals.append(end - start)
                commits.append(marks["committed"] - start)
            dialog.deleteLater()
            env.settle()

    def bare_save(n=[0]) -> None:  # noqa: B006 - a counter
        n[0] += 1
        day = (data.COMMITTEE_DAY + timedelta(days=1 + n[0] % 2)).isoformat()
        env.bare.execute("BEGIN")
        env.bare.execute("UPDATE election_process SET committee_election_day = ? WHERE id = ?",
                         (day, village["election_id"]))
        env.bare.execute("COMMIT")

    bare = repeat(bare_save, env.runs)
    return [Line("change election day + window redraw", median(totals), median(bare), 0.100,
                 detail=f"ElectionDialog.save_action → repainted; of which save+commit "
                        f"{fmt(median(commits))}; baseline: bare UPDATE + commit")]


def row_import(env: Env) -> list[Line]:
    results: dict[str, list[dict]] = {"program": [], "baseline": []}
    folder = env.work / "import"
    for run in range(env.heavy_runs):
        for side in ("baseline", "program"):
            progress(f"  import run {run + 1}/{env.heavy_runs}: {side}")
            done = subprocess.run(
                [sys.executable, "-m", "bench.township_import", side, "--cache", str(env.cache),
                 "--work", str(folder)], cwd=ROOT, env=env.child_env(), capture_output=True, text=True,
                timeout=900)
            if done.returncode != 0:
                raise RuntimeError(f"{side} import failed: {done.stderr.strip().splitlines()[-1:]}")
            results[side].append(json.loads(done.stdout.strip().splitlines()[-1]))
    shutil.rmtree(folder, ignore_errors=True)

    def med(side: str, key: str) -> float:
        return median([result[key] for result in results[side]])

    exact = all(result["peak_reset"] for side in results.values() for result in side)
    how = "peak RSS − RSS before" if exact else "peak RSS (not reset) − RSS before"
    return [
        Line(f"import {data.IMPORT_ROWS:,} rows, preview + commit", med("program", "seconds"),
             med("baseline", "seconds"), 2.5, ratio_target=True,
             detail=f"{env.heavy_runs} runs each, one process per run, no pre-import backup; "
                    f"baseline: calamine + executemany, audit row per voter"),
        Line("  import memory", med("program", "delta"), med("baseline", "delta"), 3.0, ratio_target=True,
             unit="B", detail=how),
    ]


def row_publish(env: Env) -> list[Line]:
    from bench import township_publish as publish
    from workflows.core.store import open_store

    election_ids = [village["election_id"] for village in env.meta["villages"]]
    env.app  # noqa: B018 - same process state as the other rows
    specs = None
    program, bare = [], []
    notices = 0
    for run in range(env.heavy_runs):
        store = open_store(f"sqlite:///{env.fresh_copy('publish.sqlite')}")
        if specs is None:
            specs = publish.capture_specs(store, election_ids, data.TODAY, data.OPERATOR)
            publish.bare_render(specs[0])  # fonts loaded once, for both sides
            from printing.documents import kind

            kind("voter_list").render(specs[0], _footer())
        progress(f"  publish run {run + 1}/{env.heavy_runs}: program")
        start = time.perf_counter()
        notices = publish.publish_all(store, election_ids, data.TODAY, data.OPERATOR)
        program.append(time.perf_counter() - start)
        store.dispose()
        progress(f"  publish run {run + 1}/{env.heavy_runs}: bare reportlab")
        bare.append(timed(lambda s=specs: publish.bare_all(s)))
    names = sum(len(spec.rows) for spec in specs)
    return [Line("publish voter lists, 40 villages", median(program), median(bare), 1.1, ratio_target=True,
                 detail=f"{notices} notices, {names:,} names; {env.heavy_runs} runs; baseline: same specs, "
                        f"plain reportlab Table")]


def _footer():
    from printing.layout import Footer

    return Footer("7KQM-3XPA", "VEW-CHECK:7KQM-3XPA")


def launch(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from launching ``command`` until each line it prints (bench.startup's way)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               cwd=ROOT)
    marks = {}
    for line in process.stdout:
        marks.setdefault(line.strip(), time.perf_counter() - start)
    error = process.stderr.read()
    process.wait(timeout=60)
    if "painted" not in marks:
        raise RuntimeError(f"{command[2]} ended without painting: {error.strip().splitlines()[-1:]}")
    return marks


def row_startup(env: Env) -> list[Line]:
    script = str(ROOT / "bench" / "township_startup.py")
    # A copy of its own: the bench's open store holds the one-writer lock of its file.
    copy = env.database.with_name("startup.sqlite")
    with sqlite3.connect(env.database) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    program = [sys.executable, script, "program", "--db", str(copy)]
    bare = [sys.executable, script, "bare"]
    child = env.child_env()
    launch(program, child)  # warm the file cache (and make the day's backup copy of the file)
    launch(bare, child)
    marks: dict[str, list[dict]] = {"program": [], "bare": []}
    for _ in range(env.startup_runs):
        marks["bare"].append(launch(bare, child))
        marks["program"].append(launch(program, child))

    def med(side: str, key: str) -> float:
        return median([m[key] for m in marks[side]])

    return [
        Line("start-up to overview painted, 40 villages", med("program", "painted"), med("bare", "painted"),
             3.0, ratio_target=True, detail=f"{env.startup_runs} cold processes each; baseline: QMainWindow + "
                                            f"40-row QTableWidget painted"),
        Line("  of which: window frame shown", med("program", "shown"), med("bare", "shown"),
             detail="first event-loop turn (bench.startup's “shown”)"),
    ]


def row_sort(env: Env) -> list[Line]:
    from PySide6.QtCore import Qt

    page, watch = env.big_page
    model = page.model
    election_id = env.meta["big"]["election_id"]
    since = watch.count
    model.set_filter(replace(page.current_filter(), text=""))
    env.settle(watch, since)
    columns = {key: next(i for i, (_h, sort) in enumerate(model.COLUMNS) if sort == key)
               for key in ("name", "id_number")}
    times: dict[str, list[float]] = {key: [] for key in columns}
    for run in range(env.runs + 1):
        for key, column in columns.items():
            since = watch.count
            start = time.perf_counter()
            model.sort(column, Qt.AscendingOrder)
            env.settle(watch, since)
            if run:
                times[key].append(time.perf_counter() - start)
    bare = {key: repeat(lambda k=key: bare_list(env, election_id, order=f"voter.{k}"), env.runs)
            for key in columns}
    return [Line(f"sort 100,000 voters by {'name' if key == 'name' else 'ID number'}", median(times[key]),
                 median(bare[key]), 0.200, detail="model.sort until repainted; baseline: bare ORDER BY + first page")
            for key in columns]


def row_integrity(env: Env) -> list[Line]:
    env.bare.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = env.database.stat().st_size

    def check() -> None:
        connection = sqlite3.connect(env.database)
        result = connection.execute("PRAGMA integrity_check").fetchall()
        connection.close()
        if result != [("ok",)]:
            raise RuntimeError(f"integrity_check: {result[:3]}")

    times = repeat(check, env.heavy_runs)
    return [Line("PRAGMA integrity_check", median(times), detail=f"file {size / 2**20:.1f} MB "
                                                                  f"({size:,} bytes), {env.heavy_runs} runs")]


NOTES = (
    "Times are medians of the runs; “program” is the workbench's own code path, “baseline” the bare",
    "equivalent named in the detail column (sqlite3 on the same file with the program's pragmas).",
    "“until repainted”: events processed until the widget (the voter table's viewport, the village header)",
    "got its paint event — painting the viewport is what fetches the visible rows (checked in the model).",
    "save_voter: the real VoterDialog, exec() replaced by “type a phone, press 保存”; split at the commit of",
    "ctx.scope; the redraw is what the current code does after the dialog (its change report to the open",
    "main window, then the page's own refresh). election_day: ElectionDialog.save_action, split alike.",
    "import: program and baseline each in fresh processes; memory = peak RSS (reset via /proc/self/",
    "clear_refs) − RSS before; the dialog's pre-import backup copy is left out, as asked.",
    "publish: the baseline renders the very specs publish_list renders (captured untimed), see",
    "bench/township_publish.py; startup: alternating cold processes after one warm-up each.",
)

ROWS: dict[str, Callable[[Env], list[Line]]] = {
    "search": row_search, "open_page": row_open_page, "save_voter": row_save_voter,
    "election_day": row_election_day, "import": row_import, "publish": row_publish, "startup": row_startup,
    "sort": row_sort, "integrity": row_integrity,
}


# --- main ------------------------------------------------------------------------------

def header(cache: Path, meta: dict, built_now: bool) -> None:
    import PySide6
    import reportlab
    import sqlalchemy

    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PySide6 {PySide6.__version__}, "
          f"SQLAlchemy {sqlalchemy.__version__}, reportlab {reportlab.Version}")
    how = "built now" if built_now else f"cached {meta.get('built_on', '')}"
    print(f"database: {cache} ({how}; build took {meta['build_seconds']:.0f} s; voters imported with "
          f"{meta['method']})")
    print(f"today pinned to {data.TODAY} (VEW_TODAY); committee election day {data.COMMITTEE_DAY}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--only", choices=ROW_NAMES, action="append", help="run only this row (repeatable)")
    parser.add_argument("--runs", type=int, default=11, help="runs of the quick rows (median)")
    parser.add_argument("--heavy-runs", type=int, default=3, help="runs of import, publish, integrity")
    parser.add_argument("--startup-runs", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="vew-bench-township-run-"))
    os.environ.update(VEW_DATA_DIR=str(work / "data"), VEW_CONFIG_DIR=str(work / "config"),
                      VEW_TODAY=data.TODAY.isoformat())
    os.environ.pop("VEW_DB", None)
    cache = data.cache_dir()
    meta = None if args.rebuild else data.load_meta(cache)
    built_now = meta is None
    if built_now:
        progress(f"building the township database in {cache} (once) …")
        meta = data.build(cache, log=progress)
        progress(f"built in {meta['build_seconds']:.0f} s")
    header(cache, meta, built_now)
    measured = time.perf_counter()
    env = Env(cache, meta, work, args.runs, args.heavy_runs, args.startup_runs)
    lines: list[Line] = []
    try:
        for name in args.only or ROW_NAMES:
            progress(f"{name} …")
            row_started = time.perf_counter()
            try:
                lines += ROWS[name](env)
            except Exception as error:  # one broken row must not hide the others
                traceback.print_exc()
                lines.append(Line(name, None, error=f"{type(error).__name__}: {error}"[:160]))
            progress(f"{name}: {time.perf_counter() - row_started:.0f} s")
    finally:
        if env._ctx is not None:
            env._ctx.store.dispose()
        env.bare.close()
    print()
    print_table(lines)
    print()
    for note in NOTES:
        print(note)
    print(f"measuring took {time.perf_counter() - measured:.0f} s"
          + (f"; with the database build, {time.perf_counter() - started:.0f} s" if built_now else ""))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
