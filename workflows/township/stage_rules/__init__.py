"""Stage rules every election has: election days, seats, the legal calendar."""
