"""The count: who is elected, from plain numbers, for both tracks (issue 12).

A pure layer — no database, no models, no Qt — between the domains and ``core``: it
imports only ``workflows.core`` (the rules profile, message text), and the villager and
Party domains, the GUI through them, and ``main.py tally`` all call the same functions.

- :mod:`~workflows.count.results` — the facts of one round (registered, voters, issued,
  returned, ballots cast, expected, attended; contests with their candidates in list
  order) and the outcome (valid or void with reasons; per contest the elected, unfilled
  seats, a re-vote among the tied, the 另行选举 candidates). Candidates are told apart by
  their position in the list, never by name (two people may share one).
- :mod:`~workflows.count.validity` — is the round valid: ballots returned against voters
  or issued (GC-15, PT-11), villager turnout (VC-15), Party attendance (PT-08).
- :mod:`~workflows.count.villager` — VC-16 first round, PV-10 ties, one person elected to
  two offices, VC-17 另行选举, the women's seat (VC-02, GC-18).
- :mod:`~workflows.count.party` — PT-13 majority, PT-14 over-full and ties, PT-15 no
  filling from below half, officers 等额 (PT-18, PT-19).
- :mod:`~workflows.count.ballots` — one paper ballot: too many marks, one person in two
  offices, unreadable parts, marked papers (GC-14, PV-09, PT-12); 已投选票总数.
- :mod:`~workflows.count.tally_admin` — ``main.py tally FILE.json``.

Every threshold and base comes from the rules profile (``Threshold`` in integer
arithmetic: ``2·votes > voters``, ``3·votes ≥ ballots_cast``; never floating point).
Every reason is a Chinese sentence that names its rule ID (rules-reference.md).
"""
