"""What other domains may use of voter registration (their only import from ``voters``).

The Party member roster is read and checked like the voter roster: the same tolerant
row checks (ID number, birth date, sex, duplicates) with the cell-level findings.
"""

from workflows.voters.roster import Finding, RosterRules, RowChecker, parse_date

__all__ = ["Finding", "RosterRules", "RowChecker", "parse_date"]
