"""The township and its villages: setup, elections, the overview, notices, the legal calendar."""
