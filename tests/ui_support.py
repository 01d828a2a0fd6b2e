"""Shared pieces of the pytest-qt page tests: the questions a page asks answered without a
clerk, what it tells collected, and modal dialogs filled and saved in place of ``exec``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from ui import interaction


def record_interaction(monkeypatch) -> dict:
    """Answer every question with ``record["answer"]`` (yes unless a test changes it); collect
    the questions (``confirm``), what the page tells (``inform``, ``error``) and the archived
    documents it opens (``documents``)."""
    record = {"inform": [], "error": [], "documents": [], "confirm": [], "answer": True}
    monkeypatch.setattr(interaction, "confirm",
                        lambda parent, title, text: record["confirm"].append(text) or record["answer"])
    monkeypatch.setattr(interaction, "inform", lambda parent, title, text: record["inform"].append(text))
    monkeypatch.setattr(interaction, "error", lambda parent, text, title=None: record["error"].append(text))
    monkeypatch.setattr("ui.documents.documents_panel.open_archived",
                        lambda parent, ctx, document_id: record["documents"].append(document_id))
    return record


def answer(monkeypatch, cls, *fills: Callable, save: bool = True,
           after_fill: Callable[[QDialog], None] | None = None) -> list:
    """Make ``cls.exec`` fill the dialog with the next function and press 保存 (unless ``save``
    is False); ``after_fill`` sees each dialog filled (e.g. to save a picture). Returns the
    dialogs opened."""
    queue, opened = list(fills), []

    def exec_(self):
        opened.append(self)
        queue.pop(0)(self)
        if after_fill is not None:
            after_fill(self)
        if save:
            self.save_action()
        return int(self.result() == QDialog.Accepted)

    monkeypatch.setattr(cls, "exec", exec_)
    return opened
