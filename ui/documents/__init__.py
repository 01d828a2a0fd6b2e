"""Documents: the archive panel, viewer, printing, batch output, verification, composing."""
