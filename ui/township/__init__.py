"""Pages and dialogs of the township: villages, elections, rules profile, holidays, relatives."""
