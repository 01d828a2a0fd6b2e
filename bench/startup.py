"""Time from process start to the main window shown, against a bare QMainWindow.

    python -m bench.startup [--runs 7] [--villages 40]

Builds a database with a township of 40 villages (each with an election in progress),
then starts ``main.py --db … --quit-when-shown`` and ``bench/bare_window.py`` alternately,
each as a fresh process, and times from launch until the process prints "shown" (after
the window's first event-loop turn), and until it prints "loaded" (database opened and
the overview of every village computed and drawn). Prints the medians and the ratios
(target for the window: ≤ 2.0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_database(path: Path, villages: int) -> None:
    """A township with ``villages`` villages at various steps (the demo's, repeated)."""
    from workflows.core import config
    from workflows.core.store import open_store
    from workflows.demo.township import VILLAGES, _add_village
    from workflows.township.townships import TownshipInput, create_township

    store = open_store(f"sqlite:///{path}")
    today = config.today()
    with store.transaction("基准测试") as session:
        township = create_township(session, TownshipInput("基准镇", "青山县", "江西省", "jiangxi_2021"))
        for index in range(villages):
            spec = VILLAGES[index % len(VILLAGES)]
            renamed = spec.__class__(**{**spec.__dict__, "name": f"{spec.name[:-1]}{index + 1}村"})
            _add_village(session, township, renamed, today - timedelta(days=index % 5))
    store.dispose()


def time_until_shown(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Seconds from launching ``command`` until it prints "shown" (and "loaded", if it does)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=env, cwd=ROOT)
    marks = {}
    for line in process.stdout:
        marks[line.strip()] = time.perf_counter() - start
    process.wait()
    if "shown" not in marks:
        raise RuntimeError(f"{command} ended without showing a window")
    return marks["shown"], marks.get("loaded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--villages", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VEW_DATA_DIR=folder,
                   VEW_CONFIG_DIR=folder)
        os.environ.update(VEW_DATA_DIR=folder, VEW_CONFIG_DIR=folder)
        database = Path(folder) / "bench.sqlite"
        build_database(database, args.villages)
        app = [sys.executable, str(ROOT / "main.py"), "--db", str(database), "--quit-when-shown"]
        bare = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
        time_until_shown(app, env)  # warm the file cache once (both use the same Qt files)
        times_app, times_loaded, times_bare = [], [], []
        for _ in range(args.runs):
            times_bare.append(time_until_shown(bare, env)[0])
            shown, loaded = time_until_shown(app, env)
            times_app.append(shown)
            times_loaded.append(loaded)
    app_median, bare_median = statistics.median(times_app), statistics.median(times_bare)
    print(f"villages: {args.villages}, runs: {args.runs}")
    report("workbench main window shown", times_app)
    report("workbench overview filled  ", times_loaded)
    report("bare QMainWindow shown     ", times_bare)
    print(f"ratio (window shown / bare): {app_median / bare_median:.2f} (target <= 2.0)")
    print(f"ratio (overview filled / bare): {statistics.median(times_loaded) / bare_median:.2f}")


def report(label: str, times: list[float]) -> None:
    """One line of medians and extremes in milliseconds."""
    print(f"{label}: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")


if __name__ == "__main__":
    main()
