"""村民选举委员会 (VC-05, VC-06, GC-01…GC-06, SD-21), the election work plan (SD-22) and the
专职专选 seat labels (SD-20) of the villager-committee track."""

from __future__ import annotations
