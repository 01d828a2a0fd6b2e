"""Voter registration: rosters, the voter list, its publication, objections and cards."""
