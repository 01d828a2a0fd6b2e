"""The shared core: storage, audit, rules profile, calendar, stage machine, archive, names."""
