"""The crash suite in short (``python -m bench.crash --trials 200`` is the long run): the
program killed with SIGKILL at random moments of every risky operation leaves a file the
next start opens without a false alarm, intact, with all of the operation or none of it."""

from __future__ import annotations

import os
import signal

import pytest

from bench import crash

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")


def test_ten_kills_during_import_stage_change_backup_restore_migration_and_first_open_leave_no_damage(
        tmp_path, monkeypatch):
    monkeypatch.setenv("VEW_DATA_DIR", str(tmp_path / "data"))
    summary = crash.run(trials=12, seed=int(os.environ.get("VEW_CRASH_SEED", "11")), roster_rows=1500,
                        log=lambda _line: None)
    assert summary.trials == 12
    assert (summary.partial, summary.corrupt, summary.refused, summary.error) == (0, 0, 0, 0), summary.problems
    assert summary.clean == 12
    assert set(summary.by_kind) == set(crash.KINDS)
    assert summary.killed_mid_way >= 4  # most kills land inside the operation
