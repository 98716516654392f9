#!/usr/bin/env python3
"""Trợ lý Báo cáo: with no arguments the desktop program, with a subcommand the command line."""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from app.cli import main as command_line

        return command_line(sys.argv[1:])
    from app.ui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
