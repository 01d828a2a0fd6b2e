"""Shared fixtures: a fresh real SQLite file per test, seeded townships, a Qt context."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from models import ElectionProcess, Township, Voter  # noqa: E402
from workflows.core.store import Store, open_store  # noqa: E402
from workflows.township.townships import (  # noqa: E402
    ElectionInput,
    TownshipInput,
    VillageInput,
    create_township,
    save_election,
    save_village,
)

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path_factory, monkeypatch):
    """Every test gets its own data and settings folders (never the user's)."""
    base = tmp_path_factory.mktemp("appdirs")
    monkeypatch.setenv("VEW_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("VEW_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("VEW_TODAY", TODAY.isoformat())
    monkeypatch.delenv("VEW_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    """Where the test's database file lives."""
    return tmp_path / "workbench.sqlite"


@pytest.fixture
def store(db_path) -> Store:
    """A freshly created and migrated SQLite database."""
    opened = open_store(f"sqlite:///{db_path}")
    yield opened
    opened.dispose()


@pytest.fixture
def session(store):
    """A session whose changes are audited as the operator “测试员”."""
    with store.session("测试员") as opened:
        yield opened


def make_township(session, preset: str = "national", name: str = "云溪镇") -> Township:
    """A township with the given rules preset."""
    return create_township(session, TownshipInput(name, "青山县", "江西省", preset))


def make_election(session, township: Township, name: str = "石桥村", **days) -> ElectionProcess:
    """A village with groups and an election; ``days`` sets party/committee days."""
    village = save_village(session, township.id, VillageInput(name, 1500, 400, ["上屋组", "下屋组"]))
    data = ElectionInput("第十二届", days.get("party"), days.get("committee"))
    return save_election(session, village.id, data)


def add_voter(session, election: ElectionProcess, name: str = "张伟", number: str = "11010519491231002X"):
    """One registered voter (enough for stages that need a non-empty list)."""
    voter = Voter(election_id=election.id, village_id=election.village_id, name=name, sex="女",
                  id_number=number, birth_date=date(1949, 12, 31))
    session.add(voter)
    session.flush()
    return voter
