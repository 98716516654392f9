"""Where the program keeps the user's data: the platform's user data folder (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_FOLDER = "TroLyBaoCao"


def data_folder() -> Path:
    """The user's data folder: the database, its backups and the user's own report kinds."""
    return platformdirs.user_data_path(APP_FOLDER, appauthor=False)
