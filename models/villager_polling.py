"""The vote notice (SD-26, PV-06), polling stations, mobile ballot boxes (GC-16), the counting
officials (PV-14) and proxy voting (VC-19, GC-11, PV-07)."""

from __future__ import annotations
