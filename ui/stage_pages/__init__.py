"""Registry of the widgets stage modules add to their stage's page.

A stage module's UI lives in a module of this package and calls :func:`register_page`;
every module here is imported once by :func:`page_factory`, so no central list exists.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

PageFactory = Callable[..., QWidget]  # (ctx, election_id, parent) -> widget
_PAGES: dict[str, PageFactory] = {}
_loaded = False


def register_page(stage_key: str) -> Callable[[PageFactory], PageFactory]:
    """Decorator: the factory building the work area of ``stage_key``'s page."""

    def decorate(factory: PageFactory) -> PageFactory:
        _PAGES[stage_key] = factory
        return factory

    return decorate


def page_factory(stage_key: str) -> PageFactory | None:
    """The registered factory for a stage, if any."""
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return _PAGES.get(stage_key)
