"""Registry of the work areas each domain adds to its stages' pages.

A domain's pages live in ``ui/<domain>/*_page.py`` and call :func:`register_page`; every
such module is imported once by :func:`page_factory`, so no central list exists.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

SHARED_PACKAGES = {"shell", "widgets"}  # not domains: they register no pages
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
        _import_domain_pages()
        _loaded = True
    return _PAGES.get(stage_key)


def _import_domain_pages() -> None:
    import ui

    for domain in pkgutil.iter_modules(ui.__path__):
        if not domain.ispkg or domain.name in SHARED_PACKAGES:
            continue
        package = importlib.import_module(f"ui.{domain.name}")
        for module in pkgutil.iter_modules(package.__path__):
            if module.name.endswith("_page"):
                importlib.import_module(f"{package.__name__}.{module.name}")
