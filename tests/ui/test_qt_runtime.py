"""The Qt binding itself must be sound: PySide6 6.12's abi3 wheel dropped a reference to None on
every call returning nothing, so an officer typing for a while crashed the program on Python 3.11."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_qt_calls_returning_nothing_leave_none_alone(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        label.setText("Đảng ủy")
    # Other threads may take or drop a few references meanwhile; a leak is one per call.
    assert abs(sys.getrefcount(None) - before) < 1_000
