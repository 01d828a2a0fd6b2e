"""The count's audit labels (the stages that use the count belong to the tracks)."""
