"""Pages and dialogs of voter registration."""
