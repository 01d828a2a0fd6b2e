"""Child process of bench.township's import row: one timed import, printed as a JSON line.

    python -m bench.township_import program  --cache DIR --work DIR
    python -m bench.township_import baseline --cache DIR --work DIR

Each run is a fresh process so that peak RSS says what this one import needed. Everything
that is not the import (module imports, copying the cached database, opening it) happens
first; then the resident size is noted, the peak-RSS mark is reset (Linux
``/proc/self/clear_refs``) and the import runs; memory = peak RSS − RSS before, measured
the same way on both sides.

``program``: a fresh copy of the cached database; the roster is read, checked in a read
session and committed in one transaction, as ui.widgets.import_dialog does — without the
dialog's pre-import backup copy (``backup.make_backup``), which the brief excludes.

``baseline``: python-calamine reads the same file (every sheet, ``to_python``); the voter
rows are inserted with one ``sqlite3`` executemany into an empty database holding the
program's own ``voter`` and ``audit_event`` tables (same columns, indexes and triggers,
taken from the cached database; same WAL/synchronous pragmas as the program); then one
audit row per voter, SHA-256-chained like audit_event's, with executemany; one commit.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _status_kb(key: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_now() -> int:
    """Resident set size in bytes (falls back to the peak where /proc is missing)."""
    value = _status_kb("VmRSS")
    if value is not None:
        return value * 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS, where possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def rss_peak() -> int:
    value = _status_kb("VmHWM")
    if value is not None:
        return value * 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def fresh_copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)


def program(cache: Path, work: Path, meta: dict) -> tuple[callable, str]:
    from bench.township_data import OPERATOR, TODAY, database_path, roster_path
    from workflows.core.roster_read import read_workbook
    from workflows.core.scope import open_scope
    from workflows.core.store import open_store
    from workflows.voters.registration import commit_import, prepare_import

    database = work / "import.sqlite"  # same name every run: the daily backup is made once
    fresh_copy(database_path(cache), database)
    store = open_store(f"sqlite:///{database}")
    election_id = meta["import"]["election_id"]
    path = roster_path(cache)
    with store.session(OPERATOR) as session:  # warm the connection and the ORM's caches
        open_scope(session, election_id, TODAY)

    def run() -> str:
        workbook = read_workbook(path)
        with store.session(OPERATOR) as session:
            preview = prepare_import(open_scope(session, election_id, TODAY), workbook)
        if preview.check.errors:
            raise RuntimeError(preview.check.errors[:3])
        with store.transaction(OPERATOR) as session:
            counts = commit_import(open_scope(session, election_id, TODAY), preview)
        return f"{counts['new']} new"

    return run, "prepare_import + commit_import"


VOTER_COLUMNS = ("election_id", "village_id", "group_id", "name", "sex", "ethnicity", "id_number",
                 "birth_date", "education", "political_status", "category", "phone", "notes",
                 "status", "removal_reason", "source", "created_at", "updated_at")
AUDIT_COLUMNS = ("occurred_at", "operator", "action", "entity", "entity_id", "township_id",
                 "village_id", "election_id", "summary", "details", "prev_hash", "hash")


def baseline(cache: Path, work: Path, meta: dict) -> tuple[callable, str]:
    import hashlib
    import sqlite3
    from datetime import UTC, datetime

    from python_calamine import CalamineWorkbook

    from bench.township_data import database_path, roster_path

    source = sqlite3.connect(database_path(cache).resolve().as_uri() + "?mode=ro", uri=True)
    ddl = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name IN ('voter', 'audit_event') AND sql IS NOT NULL "
        "ORDER BY type = 'table' DESC")]
    source.close()
    database = work / "bare.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    for statement in ddl:
        connection.execute(statement)
    path = roster_path(cache)
    election_id, village_id = meta["import"]["election_id"], meta["import"]["village_id"]
    insert_voter = (f"INSERT INTO voter ({', '.join(VOTER_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(VOTER_COLUMNS))})")
    insert_audit = (f"INSERT INTO audit_event ({', '.join(AUDIT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(AUDIT_COLUMNS))})")

    def run() -> str:
        book = CalamineWorkbook.from_path(str(path))
        now = datetime.now(UTC).isoformat(sep=" ")
        groups: dict[str, int] = {}
        voters = []
        for sheet in book.sheet_names:
            rows = book.get_sheet_by_name(sheet).to_python()
            for row in rows[2:]:  # a title row, then the header
                group, name, sex, ethnicity, number, birth, education, political, category, phone, notes = row[:11]
                group_id = groups.setdefault(group, len(groups) + 1)
                voters.append((election_id, village_id, group_id, name, sex, ethnicity, number, birth,
                               education, political, int(category), phone, notes or "", "registered", "",
                               "import", now, now))
        connection.execute("BEGIN")
        first_id = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM voter").fetchone()[0]
        connection.executemany(insert_voter, voters)
        audit, previous = [], "0" * 64
        for offset, voter in enumerate(voters):
            details = json.dumps(dict(zip(VOTER_COLUMNS, voter, strict=True)), ensure_ascii=False)
            summary = f"新增选民“{voter[3]}”"
            digest = hashlib.sha256(f"{previous}|{now}|{summary}|{details}".encode()).hexdigest()
            audit.append((now, "基准测试", "insert", "voter", first_id + offset, None, village_id,
                          election_id, summary, details, previous, digest))
            previous = digest
        connection.executemany(insert_audit, audit)
        connection.execute("COMMIT")
        return f"{len(voters)} voters + {len(audit)} audit rows"

    return run, "calamine + sqlite3 executemany"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=("program", "baseline"))
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    meta = json.loads((args.cache / "meta.json").read_text(encoding="utf-8"))
    run, label = (program if args.side == "program" else baseline)(args.cache, args.work, meta)
    gc.collect()
    before = rss_now()
    exact = reset_peak()
    start = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - start
    peak = rss_peak()
    print(json.dumps({"side": args.side, "label": label, "seconds": seconds, "outcome": outcome,
                      "rss_before": before, "rss_peak": peak, "delta": peak - before,
                      "peak_reset": exact}), flush=True)
    os._exit(0)  # skip the interpreter's teardown of the large structures


if __name__ == "__main__":
    main()
