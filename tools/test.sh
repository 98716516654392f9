#!/usr/bin/env bash
# Installs what the test suite needs on a Debian-like machine, then runs every check:
# ruff (lint and format), mypy, and the whole pytest suite. The README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."

# LibreOffice and poppler turn rendered reports into PDF and text for the print tests;
# Liberation Serif 2 has Times New Roman's metrics and every Vietnamese letter;
# the libraries are what Qt needs to run offscreen.
debian_packages=(
  libreoffice-writer-nogui fonts-liberation2 poppler-utils
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfreetype6 libfontconfig1 libdbus-1-3
)
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Cài các gói Debian còn thiếu: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test]"
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
python3 -m pytest "$@"
