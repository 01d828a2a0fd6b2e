"""Crash suite: kill the program with SIGKILL at random moments, then check what is left.

    python -m bench.crash --trials 200 [--seed 1] [--roster-rows 3000] [--keep DIR]

Each trial copies a prepared database into a fresh folder and starts a child process that
performs one operation the way the program does it, then kills the child with SIGKILL at
a random moment inside the operation (the delay is drawn from 0 to 1.2 × the operation's
measured duration, so some kills land before it starts and some after it ends):

- ``import``     the pre-import backup, then a roster import in one transaction;
- ``stage``      the backup before a stage change, then reopening a done stage (and the later
  done stages of its track);
- ``backup``     a manual backup (online copy, integrity check of the copy, rename);
- ``restore``    restoring a backup (check, backup of the current file, checkpoint, rename,
  reopen, audit event);
- ``migration``  opening a database of an older schema (pre-migration backup, Alembic);
- ``first-open`` opening a database file that does not exist yet (create, migrate).

After each kill the next start is simulated in this process: ``open_store`` as the GUI
does it (deferred check), then the whole-file integrity check, the counts (all of the
operation or none of it), the audit chain (``audit.verify``), and every backup file named
as a finished backup must be intact. A trial is:

- **clean**: opened without a false alarm, intact, all or nothing;
- **partial**: opened and intact, but the counts are neither before nor after (or a broken
  file carries a backup's name);
- **corrupt**: the integrity check or the audit chain fails;
- **refused**: the next start refused the file (a false alarm: it was never damaged by us).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KINDS = ("import", "stage", "backup", "restore", "migration", "first-open")
TODAY = date(2026, 11, 21)
OPERATOR = "崩溃测试"
OLD_REVISION = "0010_nomination_dates"
IMPORT_VILLAGE = "导入村"
EXTRA_VILLAGE = "恢复后应消失的村"
OLD_VOTERS = 4000


# --- the child: one operation, announced with “go” ---------------------------------------
def child(kind: str, database: Path, roster: Path | None) -> int:
    """Run one operation on ``database`` the way the program does; print ``go`` first."""
    from workflows.core import backup
    from workflows.core.store import open_store

    def go() -> None:
        print("go", flush=True)

    if kind == "first-open" or kind == "migration":
        go()
        open_store(str(database)).dispose()
    elif kind == "backup":
        go()
        backup.make_backup(database, backup.MANUAL)
    elif kind == "import":
        from workflows.core.roster_read import read_workbook
        from workflows.core.scope import open_scope
        from workflows.voters.registration import commit_import, prepare_import

        store = open_store(str(database))
        election_id = _election_of(store, IMPORT_VILLAGE)
        workbook = read_workbook(roster)
        with store.session(OPERATOR) as session:
            preview = prepare_import(open_scope(session, election_id, TODAY), workbook)
        go()
        backup.make_backup(database, backup.IMPORT)
        with store.transaction(OPERATOR) as session:
            commit_import(open_scope(session, election_id, TODAY), preview)
        store.dispose()
    elif kind == "stage":
        from workflows.core import stages
        from workflows.core.scope import open_scope

        store = open_store(str(database))
        election_id, key = _done_stage(store)
        go()
        backup.make_backup(database, backup.STAGE)
        with store.transaction(OPERATOR) as session:
            stages.reopen(open_scope(session, election_id, TODAY), key, "崩溃测试：重新打开")
        store.dispose()
    elif kind == "restore":
        chosen = next(path for path in backup.list_backups(database) if backup.MANUAL in path.name)
        store = open_store(str(database))
        go()
        plan = backup.prepare_restore(database, chosen)
        backup.restore(store, plan, OPERATOR).dispose()
    print("done", flush=True)
    return 0


def _election_of(store, village_name: str) -> int:
    from sqlalchemy import text

    with store.session() as session:
        return session.execute(text(
            "SELECT e.id FROM election_process e JOIN village v ON v.id = e.village_id"
            " WHERE v.name = :name"), {"name": village_name}).scalar_one()


def _done_stage(store) -> tuple[int, str]:
    """The first done stage of a track with the most done stages after it."""
    from sqlalchemy import text

    with store.session() as session:
        row = session.execute(text(
            "SELECT election_id, stage_key FROM stage_state WHERE status = 'done'"
            " ORDER BY election_id, id LIMIT 1")).first()
    return row[0], row[1]


# --- preparing the databases --------------------------------------------------------------
@dataclass
class Templates:
    folder: Path
    base: Path  # the demo township plus an empty village to import into
    restore: Path  # base + one more village, with a manual backup of base in its folder
    old: Path  # an older schema revision with voters (for the migration)
    roster: Path
    roster_rows: int
    counts: dict = field(default_factory=dict)


def prepare(folder: Path, roster_rows: int, log=print) -> Templates:
    """Build every template once (the program's own workflows)."""
    from bench.township_data import write_roster
    from workflows.core import backup
    from workflows.core.store import open_store, upgrade_to
    from workflows.demo.township import build_demo
    from workflows.township.townships import (
        ElectionInput,
        VillageInput,
        save_election,
        save_village,
    )

    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    base_dir = folder / "base"
    base_dir.mkdir()
    base = base_dir / "township.sqlite"
    store = open_store(str(base))
    township_id = build_demo(store, TODAY)
    with store.transaction(OPERATOR) as session:
        village = save_village(session, township_id, VillageInput(IMPORT_VILLAGE, 3000, 800, ["第一组", "第二组"]))
        save_election(session, village.id, ElectionInput("第十二届", None, date(2026, 12, 31)))
    store.dispose()
    shutil.rmtree(backup.backup_dir(base), ignore_errors=True)
    roster = folder / "roster.xlsx"
    write_roster(roster, roster_rows, ["第一组", "第二组"], "360999", seed=7)

    restore_dir = folder / "restore"
    restore_dir.mkdir()
    restore = restore_dir / "township.sqlite"
    shutil.copyfile(base, restore)
    backup.make_backup(restore, backup.MANUAL)
    store = open_store(str(restore))
    with store.transaction(OPERATOR) as session:
        save_village(session, township_id, VillageInput(EXTRA_VILLAGE, 100, 30, ["一组"]))
    store.dispose()
    for path in backup.list_backups(restore):
        if backup.MANUAL not in path.name:
            path.unlink()

    old_dir = folder / "old"
    old_dir.mkdir()
    old = old_dir / "township.sqlite"
    _old_database(old, upgrade_to)
    log(f"[crash] templates ready in {time.perf_counter() - started:.1f} s")
    return Templates(folder, base, restore, old, roster, roster_rows)


def _old_database(path: Path, upgrade_to) -> None:
    """A database left at an older revision, with a township, a village and voters."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{path}")
    upgrade_to(engine, OLD_REVISION)
    now = "2026-11-01 08:00:00"
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO township (id, name, county, province, rules_profile, created_at, updated_at)"
            " VALUES (1, '旧版镇', '青山县', '江西省', '', :now, :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO village (id, township_id, name, population, households, notes, created_at,"
            " updated_at) VALUES (1, 1, '旧版村', 3000, 800, '', :now, :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO election_process (id, village_id, term_label, party_members, vc_chairs,"
            " vc_vice_chairs, vc_members, party_deputies, notes, created_at, updated_at)"
            " VALUES (1, 1, '第十二届', 5, 1, 1, 3, 0, '', :now, :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO voter (election_id, village_id, name, sex, ethnicity, id_number, birth_date,"
            " education, political_status, category, phone, notes, status, removal_reason, source,"
            " created_at, updated_at) VALUES (1, 1, :name, '男', '汉族', :number, '1960-01-01', '', '',"
            " 1, '', '', 'registered', '', 'import', :now, :now)"),
            [{"name": f"旧{i}", "number": f"36099919600101{i:04d}", "now": now} for i in range(OLD_VOTERS)])
    engine.dispose()


# --- counting what a trial left ---------------------------------------------------------
def _counts(path: Path) -> dict:
    connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        def one(sql: str):
            try:
                return connection.execute(sql).fetchone()[0]
            except sqlite3.OperationalError:
                return None
        return {
            "villages": one("SELECT count(*) FROM village"),
            "voters": one("SELECT count(*) FROM voter"),
            "done": one("SELECT count(*) FROM stage_state WHERE status = 'done'"),
            "revision": one("SELECT version_num FROM alembic_version"),
            "restore_events": one("SELECT count(*) FROM audit_event WHERE action = 'database.restore'"),
        }
    finally:
        connection.close()


@dataclass
class Trial:
    kind: str
    delay: float
    outcome: str = ""
    detail: str = ""
    killed_mid_way: bool = False


def run_trial(kind: str, templates: Templates, delay: float, folder: Path, expected: dict) -> Trial:
    """Copy, start the child, kill it after ``delay`` seconds past “go”, then check."""
    trial = Trial(kind, delay)
    folder.mkdir(parents=True)
    database = folder / "township.sqlite"
    source = {"import": templates.base, "stage": templates.base, "backup": templates.base,
              "restore": templates.restore, "migration": templates.old}.get(kind)
    if source is not None:
        shutil.copyfile(source, database)
        if kind == "restore":
            shutil.copytree(source.parent / "backups", folder / "backups")
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.crash", "--child", kind, "--db", str(database),
         "--roster", str(templates.roster)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_child_env())
    line = process.stdout.readline()
    if line.strip() != "go":
        process.wait()
        trial.outcome, trial.detail = "error", (line + process.stderr.read())[-400:]
        return trial
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    rest = process.stdout.read()
    trial.killed_mid_way = process.returncode == -signal.SIGKILL and "done" not in rest
    if process.returncode not in (0, -signal.SIGKILL):
        trial.outcome, trial.detail = "error", process.stderr.read()[-400:]
        return trial
    process.stdout.close()
    process.stderr.close()
    trial.outcome, trial.detail = check(kind, database, expected)
    return trial


def _child_env() -> dict:
    env = dict(os.environ)
    env["VEW_TODAY"] = TODAY.isoformat()
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def check(kind: str, database: Path, expected: dict) -> tuple[str, str]:
    """Open as the next start does; then integrity, audit chain, all-or-nothing counts."""
    from workflows.core import audit, backup
    from workflows.core.store import StoreError, open_store

    try:
        store = open_store(str(database), defer_check=True)
    except StoreError as refused:
        return "refused", str(refused)
    try:
        if store.read_only:
            return "refused", "opened read-only: " + store.read_only
        if not store.verify_integrity():
            return "corrupt", f"integrity: {store.integrity}"
        with store.session() as session:
            report = audit.verify(session)
        if not report.ok:
            return "corrupt", f"audit: {report.problem}"
    finally:
        store.dispose()
    for info in backup.backup_infos(database):
        if info.problem:
            return "partial", f"broken backup {info.path.name}: {info.problem}"
    counts = _counts(database)
    states = expected[kind]
    if not any(all(counts.get(key) == value for key, value in state.items()) for state in states):
        return "partial", f"counts {counts} not in {states}"
    return "clean", ""


def expectations(templates: Templates) -> dict:
    """The acceptable end states of each kind (all of it, or none of it)."""
    from workflows.core.store import HEAD_REVISION

    base = _counts(templates.base)
    restore = _counts(templates.restore)
    reopened_stages = _reopened_count(templates.base)
    return {
        "import": [{"voters": base["voters"]}, {"voters": base["voters"] + templates.roster_rows}],
        "stage": [{"done": base["done"]}, {"done": base["done"] - reopened_stages}],
        "backup": [{"voters": base["voters"], "done": base["done"]}],
        "restore": [{"villages": restore["villages"], "restore_events": 0},
                    {"villages": base["villages"], "restore_events": 1}],
        "migration": [{"voters": OLD_VOTERS, "revision": HEAD_REVISION}],
        "first-open": [{"villages": 0, "revision": HEAD_REVISION}],
    }


def _reopened_count(database: Path) -> int:
    """How many done stages reopening the child's stage reopens (it and later done ones)."""
    from workflows.core import stages

    connection = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        election_id, key = connection.execute(
            "SELECT election_id, stage_key FROM stage_state WHERE status = 'done'"
            " ORDER BY election_id, id LIMIT 1").fetchone()
        done = {row[0] for row in connection.execute(
            "SELECT stage_key FROM stage_state WHERE status = 'done' AND election_id = ?", (election_id,))}
    finally:
        connection.close()
    stage = stages.STAGES[key]
    track = stages.TRACK_STAGES[stage.track]
    return 1 + sum(1 for later in track[track.index(stage) + 1:] if later.key in done)


def calibrate(templates: Templates, work: Path) -> dict[str, float]:
    """How long each operation takes when nobody kills it (from “go” to its end)."""
    durations = {}
    for kind in KINDS:
        folder = work / f"calibrate-{kind}"
        folder.mkdir(parents=True)
        database = folder / "township.sqlite"
        source = {"import": templates.base, "stage": templates.base, "backup": templates.base,
                  "restore": templates.restore, "migration": templates.old}.get(kind)
        if source is not None:
            shutil.copyfile(source, database)
            if kind == "restore":
                shutil.copytree(source.parent / "backups", folder / "backups")
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.crash", "--child", kind, "--db", str(database),
             "--roster", str(templates.roster)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_child_env())
        line = process.stdout.readline()
        started = time.perf_counter()
        done = process.stdout.readline()  # the operation's end, not the interpreter's exit
        durations[kind] = time.perf_counter() - started
        rest = done + process.stdout.read()
        process.wait()
        if line.strip() != "go" or process.returncode != 0 or "done" not in rest:
            raise RuntimeError(f"{kind}: the operation fails even without a kill:\n"
                               + process.stderr.read()[-2000:])
        process.stdout.close()
        process.stderr.close()
        shutil.rmtree(folder)
    return durations


@dataclass
class Summary:
    trials: int = 0
    clean: int = 0
    partial: int = 0
    corrupt: int = 0
    refused: int = 0
    error: int = 0
    killed_mid_way: int = 0
    by_kind: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    durations: dict = field(default_factory=dict)

    def line(self) -> str:
        return (f"trials {self.trials} / clean {self.clean} / partial {self.partial} / "
                f"corrupt {self.corrupt} / refused {self.refused}"
                + (f" / error {self.error}" if self.error else "")
                + f"   (killed before the operation ended: {self.killed_mid_way})")


def run(trials: int, seed: int = 1, roster_rows: int = 3000, keep: Path | None = None,
        kinds: tuple[str, ...] = KINDS, log=print) -> Summary:
    """Prepare, calibrate, run ``trials`` trials round-robin over ``kinds``; summarise."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="vew-crash-", dir=keep))
    os.environ.setdefault("VEW_DATA_DIR", str(work / "data"))
    os.environ.setdefault("VEW_CONFIG_DIR", str(work / "config"))
    os.environ["VEW_TODAY"] = TODAY.isoformat()
    rng = random.Random(seed)
    summary = Summary()
    try:
        templates = prepare(work / "templates", roster_rows, log)
        expected = expectations(templates)
        summary.durations = calibrate(templates, work)
        log("[crash] operation times: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary.durations.items()))
        for index in range(trials):
            kind = kinds[index % len(kinds)]
            delay = rng.uniform(0, 1.2 * summary.durations[kind])
            trial = run_trial(kind, templates, delay, work / f"trial-{index:04d}", expected)
            summary.trials += 1
            setattr(summary, trial.outcome, getattr(summary, trial.outcome) + 1)
            summary.killed_mid_way += trial.killed_mid_way
            counts = summary.by_kind.setdefault(kind, {})
            counts[trial.outcome] = counts.get(trial.outcome, 0) + 1
            if trial.outcome != "clean":
                summary.problems.append((index, kind, round(delay, 3), trial.outcome, trial.detail))
                log(f"[crash] trial {index} {kind} (+{delay:.3f} s): {trial.outcome}: {trial.detail}")
            else:
                shutil.rmtree(work / f"trial-{index:04d}", ignore_errors=True)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crash", description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--roster-rows", type=int, default=3000)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--keep", type=Path, help="keep the work folder (and failed trials) here")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--roster", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.db, args.roster)
    kinds = tuple(kind for kind in args.kinds.split(",") if kind)
    summary = run(args.trials, args.seed, args.roster_rows, args.keep, kinds)
    if args.json:
        print(json.dumps(summary.__dict__, ensure_ascii=False, default=str))
    print(summary.line())
    for kind, counts in summary.by_kind.items():
        print(f"  {kind:<11}" + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0 if summary.clean == summary.trials else 1


if __name__ == "__main__":
    sys.exit(main())
