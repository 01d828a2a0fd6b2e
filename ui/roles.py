"""Item-data roles as plain ints: comparing against Qt's enum objects costs microseconds
per call, and ``data()`` is called thousands of times per paint."""

from PySide6.QtCore import Qt

DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
USER = int(Qt.ItemDataRole.UserRole.value)
SORT = USER + 1
ID = USER + 2
