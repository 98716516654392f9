"""core, render, importers and db never import Qt or the UI layer (data flows ui → core ← db, core → render);
core imports nothing above it."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO

QT_FREE = ("app/core", "app/render", "app/importers", "db")
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "app.ui")


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_qt_import_outside_the_ui_layer() -> None:
    offenders = []
    for folder in QT_FREE:
        for path in (REPO / folder).rglob("*.py"):
            for module in imported_modules(path.read_text(encoding="utf-8")):
                if module.split(".")[0] in FORBIDDEN or module.startswith("app.ui"):
                    offenders.append(f"{path.relative_to(REPO)} imports {module}")
    assert offenders == []


def test_rendering_from_the_command_line_loads_no_qt() -> None:
    probe = "import sys, app.cli, app.render.docx; print(sorted(m for m in sys.modules if 'PySide' in m))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_core_depends_on_nothing_above_it() -> None:
    """The report model and its rules are the bottom layer: render, importers, db and ui build on core."""
    above = ("app.render", "app.importers", "app.ui", "app.cli", "app.drafts_cli", "db")
    offenders = [
        f"{path.relative_to(REPO)} imports {module}"
        for path in (REPO / "app/core").rglob("*.py")
        for module in imported_modules(path.read_text(encoding="utf-8"))
        if module.startswith(above)
    ]
    assert offenders == []
