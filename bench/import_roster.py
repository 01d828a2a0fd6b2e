"""Roster import speed: preview + commit of 50,000 rows against a bare openpyxl read.

    python -m bench.import_roster [--rows 50000]

Generates a realistic roster (one sheet per villager group, text ID column), then in one
run times: a bare ``openpyxl`` read-only pass over every cell; a bare python-calamine
read; the program's preview (read + validation + comparison) and commit (one
transaction). Prints rows/s and the ratio to the bare openpyxl read (target ≤ 1.3).
Also times the voter-list publication PDF for 5,000 voters (target < 3 s).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_roster(path: Path, rows: int, groups: list[str]) -> None:
    """A roster like a township's: one sheet per group, title row, text IDs."""
    from openpyxl import Workbook

    from workflows.core.idcard import make_id
    from workflows.demo.township import GIVEN, SURNAMES

    rng = random.Random(7)
    book = Workbook(write_only=True)
    per_group = rows // len(groups)
    used = set()
    for group in groups:
        sheet = book.create_sheet(group)
        sheet.append([f"{group}选民登记花名册"])
        sheet.append(["村民小组", "姓名", "性别", "民族", "公民身份号码", "出生日期", "文化程度", "政治面貌",
                      "登记类别", "联系电话", "备注"])
        for _ in range(per_group):
            while True:
                birth = date(1930, 1, 1) + timedelta(days=rng.randint(0, 27000))
                number = make_id(f"3610{rng.randint(21, 29)}", birth, rng.randint(0, 999))
                if number not in used:
                    used.add(number)
                    break
            sex = "男" if int(number[16]) % 2 else "女"
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            sheet.append([group, name, sex, "汉族", number, birth.isoformat(), "初中", "群众", "1",
                          f"13{rng.randint(100000000, 999999999)}", ""])
    book.save(path)


def bare_openpyxl(path: Path) -> int:
    """Touch every cell once with openpyxl in read-only mode."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += sum(1 for _ in row)
    book.close()
    return count


def bare_calamine(path: Path) -> int:
    """Read every sheet with python-calamine."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description="roster import benchmark")
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vew-bench-"))
    os.environ.update(VEW_DATA_DIR=str(folder), VEW_CONFIG_DIR=str(folder))
    groups = [f"第{n}村民小组" for n in range(1, 21)]
    roster = folder / "roster.xlsx"
    print(f"generating {args.rows} rows …", flush=True)
    write_roster(roster, args.rows, groups)

    from workflows.core.roster_read import read_workbook
    from workflows.core.scope import open_scope
    from workflows.core.store import open_store
    from workflows.township.townships import (
        ElectionInput,
        TownshipInput,
        VillageInput,
        create_township,
        save_election,
        save_village,
    )
    from workflows.voters.registration import commit_import, prepare_import

    store = open_store(f"sqlite:///{folder / 'bench.sqlite'}")
    with store.transaction("基准") as session:
        township = create_township(session, TownshipInput("基准镇", preset="national"))
        village = save_village(session, township.id, VillageInput("基准村", 80000, 20000, groups))
        election_id = save_election(session, village.id,
                                    ElectionInput("第十二届", None, date(2026, 12, 20))).id

    bare_time, _ = timed(lambda: bare_openpyxl(roster))
    calamine_time, _ = timed(lambda: bare_calamine(roster))

    def preview_and_commit():
        workbook = read_workbook(roster)
        with store.transaction("基准") as session:
            scope = open_scope(session, election_id)
            preview = prepare_import(scope, workbook)
            assert preview.counts["errors"] == 0, preview.check.errors[:3]
            return commit_import(scope, preview)

    ours, counts = timed(preview_and_commit)
    rows = args.rows
    print(f"bare openpyxl read-only pass : {bare_time:6.2f} s  {rows / bare_time:8.0f} rows/s")
    print(f"bare python-calamine read    : {calamine_time:6.2f} s  {rows / calamine_time:8.0f} rows/s")
    print(f"preview + commit (calamine)  : {ours:6.2f} s  {rows / ours:8.0f} rows/s  ({counts['new']} new)")
    print(f"ratio to bare openpyxl: {ours / bare_time:.2f} (target <= 1.3)")
    print(f"ratio to bare calamine: {ours / calamine_time:.2f}")
    publication_benchmark(store, election_id)


def publication_benchmark(store, election_id: int) -> None:
    """The voter-list PDF of 5,000 voters (one group notice of 5,000 rows)."""
    from printing.documents.voter_list import VoterListRow, VoterListSpec, render
    from printing.layout import Footer

    rows = [VoterListRow(f"张{i}", "男", "1970年1月", "第一村民小组", "1") for i in range(5000)]
    spec = VoterListSpec("基准村第十二届村民委员会选举\n参加选举村民名单公告", "（第1号）", "现将名单公布如下：",
                         rows, ["特此公告"], "基准村村民选举委员会", "2026年11月30日")
    seconds, data = timed(lambda: render(spec, Footer("ABCD-EFGH", "VEW-CHECK:ABCD-EFGH")))
    print(f"voter list PDF, 5,000 voters : {seconds:6.2f} s  ({len(data) // 1024} KB) (target < 3 s)")


if __name__ == "__main__":
    main()
