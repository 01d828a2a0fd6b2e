"""Pages and dialogs of the villager-committee track."""
