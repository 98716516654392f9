#!/usr/bin/env bash
# Installs what the test suite needs on a Debian-like machine, then runs every check:
# ruff (lint and format), mypy, and the whole pytest suite. The README's test command.
#
# The database tests also run on PostgreSQL when it is wanted: always in CI, locally with
# BAOCAO_TEST_POSTGRES=1. A server named by BAOCAO_TEST_POSTGRES_URL is used as it is; otherwise
# a throwaway one is started on 127.0.0.1 in a temporary folder and removed when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

want_postgres=false
if [ -z "${BAOCAO_TEST_POSTGRES_URL:-}" ]; then
  case "${CI:-}" in
    "" | 0 | false) ;;
    *) want_postgres=true ;;
  esac
  if [ "${BAOCAO_TEST_POSTGRES:-}" = "1" ]; then
    want_postgres=true
  fi
fi

# LibreOffice and poppler turn rendered reports into PDF and text for the print tests;
# python3-uno lets the system Python drive a running LibreOffice (the warm PDF converter);
# Liberation Serif 2 has Times New Roman's metrics and every Vietnamese letter;
# hunspell-vi is the Vietnamese word list the spell checker reads;
# the libraries are what Qt needs to run offscreen; postgresql only when its tests are wanted.
debian_packages=(
  libreoffice-writer-nogui python3-uno fonts-liberation2 poppler-utils hunspell-vi
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfreetype6 libfontconfig1 libdbus-1-3
)
if [ "$want_postgres" = true ]; then
  debian_packages+=(postgresql)
fi
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

postgres_folder=""
postgres_bin=""
as_postgres_owner=()

stop_test_postgres() {
  if [ -z "$postgres_folder" ]; then
    return 0
  fi
  if [ -f "$postgres_folder/data/postmaster.pid" ]; then
    "${as_postgres_owner[@]}" "$postgres_bin/pg_ctl" -D "$postgres_folder/data" -m immediate -s stop \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$postgres_folder"
  postgres_folder=""
}

# Milliseconds since the epoch, for the setup time (bash 5's clock, without GNU date's %N).
now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local microseconds=${EPOCHREALTIME/[.,]/}
    echo $((microseconds / 1000))
  else
    echo $((SECONDS * 1000))
  fi
}

start_test_postgres() {
  local started_at port password elapsed
  started_at=$(now_ms)
  echo "Khởi động máy chủ PostgreSQL tạm cho các bài kiểm thử cơ sở dữ liệu…"

  # Debian keeps the server programs out of PATH, one folder per major version: take the newest.
  postgres_bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$postgres_bin" ] && command -v pg_config >/dev/null 2>&1; then
    postgres_bin=$(pg_config --bindir)
  fi
  if [ -z "$postgres_bin" ] && command -v initdb >/dev/null 2>&1; then
    postgres_bin=$(dirname "$(command -v initdb)")
  fi
  if [ -z "$postgres_bin" ] || [ ! -x "$postgres_bin/initdb" ] || [ ! -x "$postgres_bin/pg_ctl" ]; then
    echo "Không tìm thấy PostgreSQL (initdb, pg_ctl). Hãy cài gói Debian «postgresql»," \
      "hoặc đặt BAOCAO_TEST_POSTGRES_URL trỏ tới một máy chủ có sẵn." >&2
    exit 1
  fi

  # PostgreSQL refuses to run as root: as root the cluster belongs to the postgres system user.
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "Không có người dùng hệ thống «postgres» để chạy máy chủ PostgreSQL tạm;" \
        "hãy cài gói Debian «postgresql»." >&2
      exit 1
    fi
    local runuser
    runuser=$(PATH="$PATH:/usr/sbin:/sbin" command -v runuser || true)
    if [ -n "$runuser" ]; then
      as_postgres_owner=("$runuser" -u postgres --)
    else
      # shellcheck disable=SC2016  # expanded by the postgres user's shell
      as_postgres_owner=(su postgres -s /bin/sh -c 'exec "$0" "$@"' --)
    fi
    postgres_folder=$(mktemp -d /tmp/baocao-postgres.XXXXXX)
    chown postgres: "$postgres_folder"
  else
    as_postgres_owner=(env)
    postgres_folder=$(mktemp -d "${TMPDIR:-/tmp}/baocao-postgres.XXXXXX")
  fi

  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')

  # Local (socket) connections need no password: the socket sits in the owner's private folder.
  if ! "${as_postgres_owner[@]}" "$postgres_bin/initdb" -D "$postgres_folder/data" -U postgres -E UTF8 \
    --no-locale --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$postgres_folder/initdb.log" 2>&1; then
    echo "Không tạo được cụm PostgreSQL tạm (initdb); nhật ký:" >&2
    cat "$postgres_folder/initdb.log" >&2
    exit 1
  fi
  # A throwaway cluster: durability is not wanted, speed is.
  cat >>"$postgres_folder/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$postgres_folder'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  if ! "${as_postgres_owner[@]}" "$postgres_bin/pg_ctl" -D "$postgres_folder/data" -l "$postgres_folder/server.log" \
    -w -t 60 -s start; then
    echo "Không khởi động được máy chủ PostgreSQL tạm; nhật ký:" >&2
    tail -n 30 "$postgres_folder/server.log" >&2 || true
    exit 1
  fi
  "${as_postgres_owner[@]}" "$postgres_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$postgres_folder" -p "$port" \
    -U postgres -d postgres -c "CREATE ROLE baocao LOGIN CREATEDB PASSWORD '$password'"

  export BAOCAO_TEST_POSTGRES_URL="postgresql+psycopg://baocao:$password@127.0.0.1:$port/postgres"
  elapsed=$(($(now_ms) - started_at))
  echo "Máy chủ PostgreSQL tạm đang chạy ở 127.0.0.1:$port (khởi động mất $((elapsed / 1000)),$(printf '%03d' $((elapsed % 1000))) giây)."
}

if [ "$want_postgres" = true ]; then
  trap stop_test_postgres EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_test_postgres
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test]"
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
python3 -m pytest "$@"
