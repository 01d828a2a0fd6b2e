"""Where the program keeps its files, and the small per-user settings it remembers.

One place resolves every folder (platformdirs), so tests and portable installs can
redirect everything with environment variables:

- ``VEW_DATA_DIR``   folder for databases, backups and archived documents
- ``VEW_CONFIG_DIR`` folder for ``settings.json`` (operator name, …)
- ``VEW_DB``         database URL or SQLite file path used when ``--db`` is not given
"""

from __future__ import annotations

import json
import os
from pathlib import Path

APP_NAME = "VillageElectionWorkbench"
APP_AUTHOR = "VillageElectionWorkbench"
REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCES = REPO_ROOT / "resources"


def data_dir() -> Path:
    """Return (and create) the folder holding databases, backups and documents."""
    override = os.environ.get("VEW_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Return (and create) the folder holding the per-user settings file."""
    override = os.environ.get("VEW_CONFIG_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def as_database_url(value: str) -> str:
    """Turn a plain file path into a SQLite URL; leave real URLs alone."""
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path_of(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, None for other databases."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix + ":memory:":
        return None
    return Path(url[len(prefix):])


def resolve_database_url(cli_value: str | None = None, *, demo: bool = False) -> str:
    """Pick the database: the demo file, ``--db``, ``VEW_DB``, or the default file."""
    if demo:
        return as_database_url(str(data_dir() / "demo.sqlite"))
    chosen = cli_value or os.environ.get("VEW_DB")
    if chosen:
        return as_database_url(chosen)
    return as_database_url(str(data_dir() / "workbench.sqlite"))


class Settings:
    """A tiny JSON settings file; unknown keys are preserved."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (config_dir() / "settings.json")
        self._values: dict[str, object] = {}
        try:
            self._values = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._values = {}

    def get(self, key: str, default: object = None) -> object:
        """Return a stored value or ``default``."""
        return self._values.get(key, default)

    def set(self, key: str, value: object) -> None:
        """Store a value and write the file at once (atomically)."""
        self._values[key] = value
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(self.path)

    @property
    def operator(self) -> str:
        """The name of the person using the program, written into every audit event."""
        value = self.get("operator", "")
        return value if isinstance(value, str) else ""

    @operator.setter
    def operator(self, name: str) -> None:
        self.set("operator", name.strip())


def today():
    """Today's date; ``VEW_TODAY=YYYY-MM-DD`` pins it (reproducible demos and checks)."""
    from datetime import date

    pinned = os.environ.get("VEW_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()
