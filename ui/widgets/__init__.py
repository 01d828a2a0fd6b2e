"""Widgets shared by every domain's pages: forms, dialogs, small tables, the import dialog."""
