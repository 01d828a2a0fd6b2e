"""Stage modules: each registers its blockers, milestones and facts when imported.

Every module in this package is imported once, here, so a new stage module is added by
creating a file — nothing else in the program lists them.
"""

import importlib
import pkgutil


def _import_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_import_all()
