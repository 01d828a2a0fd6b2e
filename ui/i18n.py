"""Translation helpers: Qt's tr() for UI text and for messages built in ``workflows``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workflows.core.text import TRANSLATION_CONTEXT, Msg


def tr(text: str, context: str = "ui") -> str:
    """Translate a UI string (source text is Simplified Chinese)."""
    return QCoreApplication.translate(context, text)


def tr_text(text: str) -> str:
    """Translate a constant defined in ``workflows`` (stage titles, labels)."""
    return QCoreApplication.translate(TRANSLATION_CONTEXT, text)


def tr_msg(message: Msg | str) -> str:
    """Translate a workflows message, including messages nested in its arguments; a rule ID
    in it becomes the law it cites (see ``workflows.core.paper.clerk_text``)."""
    from workflows.core.paper import clerk_text

    if isinstance(message, str):
        return clerk_text(tr_text(message))
    args = {key: tr_msg(value) if isinstance(value, Msg) else value
            for key, value in message.args.items()}
    return clerk_text(tr_text(message.template).format(**args))
