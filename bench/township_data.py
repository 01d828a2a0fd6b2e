"""The cached township database of bench.township: 40 villages × 2,500 voters + a 100,000-voter village.

Built once with the program's own workflows (create_township, save_village, save_election,
and prepare_import/commit_import on generated roster files) into a folder under the system
temp dir keyed by :data:`CACHE_VERSION` and the schema revision; ``--rebuild`` replaces it.
Nothing here is timed by the benchmark; only :mod:`bench.township` measures.

Layout of the database:

- township “基准镇” (jiangxi_2021 rules): 40 villages “基准村01”…“基准村40”, 10 groups and
  2,500 voters each, one election (第十二届) each — the 40-village township of the table;
- township “大村镇”: “大村” with 20 groups and 100,000 voters (the table filter/sort rows),
  and “导入村” with 20 groups, an election and no voters (the 200,000-row import row
  imports into a fresh copy of this database).

The 100,000-voter village is in its own township so the township overview, start-up and
publication rows see exactly 40 villages.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE_VERSION = "township-v1"
TODAY = date(2026, 11, 10)  # pinned through VEW_TODAY for every process of the benchmark
PARTY_DAY = date(2026, 12, 10)
COMMITTEE_DAY = date(2026, 12, 20)  # the list is due 20 days before: posting on TODAY is in time
OPERATOR = "基准测试"
VILLAGES = 40
VILLAGE_VOTERS = 2_500
VILLAGE_GROUPS = 10
BIG_VOTERS = 100_000
IMPORT_ROWS = 200_000
BIG_GROUPS = 20
HEADER = ["村民小组", "姓名", "性别", "民族", "公民身份号码", "出生日期", "文化程度", "政治面貌",
          "登记类别", "联系电话", "备注"]
EDUCATIONS = ("小学", "初中", "初中", "高中", "中专", "大专", "本科")


def groups_of(count: int) -> list[str]:
    return [f"第{n}村民小组" for n in range(1, count + 1)]


def village_name(index: int) -> str:
    return f"基准村{index + 1:02d}"


def cache_dir() -> Path:
    """The cache folder: system temp dir, keyed by the cache version and the schema revision."""
    from workflows.core.store import HEAD_REVISION

    return Path(tempfile.gettempdir()) / f"vew-bench-{CACHE_VERSION}-{HEAD_REVISION}"


def database_path(folder: Path) -> Path:
    return folder / "township.sqlite"


def roster_path(folder: Path) -> Path:
    return folder / f"roster-{IMPORT_ROWS}.xlsx"


def meta_path(folder: Path) -> Path:
    return folder / "meta.json"


def load_meta(folder: Path) -> dict | None:
    """The build's record (ids, timings), or None if the cache is missing or incomplete."""
    try:
        meta = json.loads(meta_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not database_path(folder).is_file() or not roster_path(folder).is_file():
        return None
    return meta


def write_roster(path: Path, rows: int, groups: list[str], region: str, seed: int) -> None:
    """A roster like bench.import_roster.write_roster's (one sheet per group, title row, text
    IDs), but with the village's own region code so ID numbers never repeat across villages
    (the township-wide duplicate check, VC-09, would otherwise flag them)."""
    from openpyxl import Workbook

    from workflows.core.idcard import make_id
    from workflows.demo.township import GIVEN, SURNAMES

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    per_group = rows // len(groups)
    used: set[str] = set()
    for index, group in enumerate(groups):
        sheet = book.create_sheet(group)
        sheet.append([f"{group}选民登记花名册"])
        sheet.append(HEADER)
        count = per_group if index < len(groups) - 1 else rows - per_group * (len(groups) - 1)
        for _ in range(count):
            while True:
                birth = date(1930, 1, 1) + timedelta(days=rng.randint(0, 27000))
                number = make_id(region, birth, rng.randint(0, 999))
                if number not in used:
                    used.add(number)
                    break
            sex = "男" if int(number[16]) % 2 else "女"
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            sheet.append([group, name, sex, "汉族", number, birth.isoformat(), rng.choice(EDUCATIONS),
                          "群众", "1", f"13{rng.randint(100000000, 999999999)}", ""])
    book.save(path)


def import_roster_file(store, election_id: int, path: Path) -> dict[str, int]:
    """Import one roster as the import dialog does (read, check in a read session, commit in
    one transaction) — without the pre-import backup copy."""
    from workflows.core.roster_read import read_workbook
    from workflows.core.scope import open_scope
    from workflows.voters.registration import commit_import, prepare_import

    workbook = read_workbook(path)
    with store.session(OPERATOR) as session:
        preview = prepare_import(open_scope(session, election_id, TODAY), workbook)
    if preview.check.errors:
        raise RuntimeError(f"generated roster {path.name} has errors: {preview.check.errors[:3]}")
    with store.transaction(OPERATOR) as session:
        return commit_import(open_scope(session, election_id, TODAY), preview)


def build(folder: Path, log=print) -> dict:
    """Build the database and the 200,000-row roster into ``folder`` (replacing it)."""
    from workflows.core.store import open_store
    from workflows.township.townships import (
        ElectionInput,
        TownshipInput,
        VillageInput,
        create_township,
        save_election,
        save_village,
    )

    started = time.perf_counter()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    scratch = folder / "rosters"
    scratch.mkdir()
    store = open_store(f"sqlite:///{database_path(folder)}")
    election = ElectionInput("第十二届", PARTY_DAY, COMMITTEE_DAY)
    meta: dict = {"villages": [], "method": "prepare_import/commit_import (program's import path)"}
    with store.transaction(OPERATOR) as session:
        township = create_township(session, TownshipInput("基准镇", "青山县", "江西省", "jiangxi_2021"))
        meta["township_id"] = township.id
        for index in range(VILLAGES):
            village = save_village(session, township.id, VillageInput(
                village_name(index), 3600, 900, groups_of(VILLAGE_GROUPS)))
            elected = save_election(session, village.id, election)
            meta["villages"].append({"village_id": village.id, "election_id": elected.id,
                                     "name": village.name})
        big_township = create_township(session, TownshipInput("大村镇", "青山县", "江西省", "jiangxi_2021"))
        meta["big_township_id"] = big_township.id
        for key, name in (("big", "大村"), ("import", "导入村")):
            village = save_village(session, big_township.id, VillageInput(
                name, 300_000, 80_000, groups_of(BIG_GROUPS)))
            elected = save_election(session, village.id, election)
            meta[key] = {"village_id": village.id, "election_id": elected.id, "name": name}
    setup = time.perf_counter()
    log(f"  township, villages and elections: {setup - started:.1f} s")

    writing = importing = 0.0
    jobs = [(v["election_id"], VILLAGE_VOTERS, VILLAGE_GROUPS, f"36{11 + i:02d}01", i + 1)
            for i, v in enumerate(meta["villages"])]
    jobs.append((meta["big"]["election_id"], BIG_VOTERS, BIG_GROUPS, "369901", 1000))
    for number, (election_id, rows, groups, region, seed) in enumerate(jobs, start=1):
        path = scratch / f"village-{number}.xlsx"
        t0 = time.perf_counter()
        write_roster(path, rows, groups_of(groups), region, seed)
        t1 = time.perf_counter()
        counts = import_roster_file(store, election_id, path)
        t2 = time.perf_counter()
        if counts["new"] != rows:
            raise RuntimeError(f"expected {rows} new voters, imported {counts}")
        writing, importing = writing + t1 - t0, importing + t2 - t1
        path.unlink()
        if number % 10 == 0 or rows > VILLAGE_VOTERS:
            log(f"  imported {number}/{len(jobs)} rosters ({rows} rows last; "
                f"writing {writing:.0f} s, importing {importing:.0f} s so far)")
    store.dispose()
    shutil.rmtree(scratch)
    t0 = time.perf_counter()
    write_roster(roster_path(folder), IMPORT_ROWS, groups_of(BIG_GROUPS), "369801", 2000)
    writing += time.perf_counter() - t0
    meta.update(build_seconds=round(time.perf_counter() - started, 1), roster_writing_seconds=round(writing, 1),
                import_seconds=round(importing, 1), built_on=time.strftime("%Y-%m-%d %H:%M:%S"))
    meta_path(folder).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta
