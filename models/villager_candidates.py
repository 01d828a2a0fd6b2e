"""海选提名 (VC-12, GC-19), candidates per office (VC-13, GC-12, SD-25), withdrawals (PV-05), the
formal list (SD-24, SO-01/SO-04) and the candidates' meeting (VC-14)."""

from __future__ import annotations
