"""Screens of the count shared by both tracks."""
