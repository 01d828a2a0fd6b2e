"""Pages and dialogs of the Party track."""
