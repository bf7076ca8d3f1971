#!/usr/bin/env bash
# Install, start and stop the SPARQL servers the remote-store tests run against.
#
#   scripts/servers.sh install                 Virtuoso (Debian apt) + Oxigraph server (PyPI, into .venv)
#                                              + Chromium (Debian apt) for the browser test
#   scripts/servers.sh start-virtuoso DIR QPORT SQLPORT   fresh database in DIR, anonymous updates on loopback
#   scripts/servers.sh stop-virtuoso DIR
#   scripts/servers.sh start-oxigraph DIR PORT            prints the server's pid
#
# The test fixtures (tests/remote/servers.py) do the starting and stopping themselves; `install`
# is what `make test` calls once. It never fails the build: a server that cannot be installed
# makes its tests skip with a loud reason.
set -u
HERE="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${VENV:-$HERE/.venv}"
OXIGRAPH_VERSION="0.5.13"

install_virtuoso() {
  if command -v virtuoso-t >/dev/null 2>&1; then return 0; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
  echo "servers.sh: installing virtuoso-opensource with apt-get" >&2
  ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      --no-install-recommends virtuoso-opensource-7-bin virtuoso-opensource-7-common >/dev/null) \
    || echo "servers.sh: WARNING: could not install Virtuoso; its tests will be skipped" >&2
}

install_chromium() {  # the browser the CORS test drives headless (tests/serve/test_cors.py)
  if command -v chromium >/dev/null 2>&1; then return 0; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
  echo "servers.sh: installing chromium with apt-get" >&2
  ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      --no-install-recommends chromium >/dev/null) \
    || echo "servers.sh: WARNING: could not install Chromium; the browser test will be skipped" >&2
}

install_oxigraph() {
  if [ -x "$VENV/bin/oxigraph" ]; then return 0; fi
  echo "servers.sh: installing oxigraph==$OXIGRAPH_VERSION (the server) into $VENV" >&2
  "$VENV/bin/python" -m pip install --quiet "oxigraph==$OXIGRAPH_VERSION" \
    || echo "servers.sh: WARNING: could not install the Oxigraph server; its tests will be skipped" >&2
}

virtuoso_ini() {  # DIR QPORT SQLPORT
  cat <<INI
[Database]
DatabaseFile=$1/db/virtuoso.db
ErrorLogFile=$1/db/virtuoso.log
LockFile=$1/db/virtuoso.lck
TransactionFile=$1/db/virtuoso.trx
xa_persistent_file=$1/db/virtuoso.pxa
[TempDatabase]
DatabaseFile=$1/db/virtuoso-temp.db
TransactionFile=$1/db/virtuoso-temp.trx
[Parameters]
ServerPort=127.0.0.1:$3
DisableUnixSocket=1
NumberOfBuffers=10000
MaxDirtyBuffers=6000
DirsAllowed=., $1
[HTTPServer]
ServerPort=127.0.0.1:$2
ServerRoot=$1/www
EnabledDavVSP=0
[SPARQL]
ResultSetMaxRows=100000
MaxQueryExecutionTime=120
INI
}

start_virtuoso() {  # DIR QPORT SQLPORT
  local dir="$1"
  mkdir -p "$dir/db" "$dir/www"
  virtuoso_ini "$dir" "$2" "$3" > "$dir/virtuoso.ini"
  (cd "$dir" && virtuoso-t -c "$dir/virtuoso.ini" +wait >"$dir/start.log" 2>&1) || return 1
  isql-vt "127.0.0.1:$3" dba dba exec='GRANT SPARQL_UPDATE TO "SPARQL";' >"$dir/grant.log" 2>&1
}

stop_virtuoso() {  # DIR
  local pid
  pid="$(sed -n 's/^VIRT_PID=//p' "$1/db/virtuoso.lck" 2>/dev/null)"
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi
}

start_oxigraph() {  # DIR PORT
  "$VENV/bin/oxigraph" serve --location "$1" --bind "127.0.0.1:$2" >"$1.log" 2>&1 &
  echo $!
}

case "${1:-}" in
  install) install_virtuoso; install_oxigraph; install_chromium ;;
  start-virtuoso) shift; start_virtuoso "$@" ;;
  stop-virtuoso) shift; stop_virtuoso "$@" ;;
  start-oxigraph) shift; start_oxigraph "$@" ;;
  *) echo "usage: $0 install | start-virtuoso DIR QPORT SQLPORT | stop-virtuoso DIR | start-oxigraph DIR PORT" >&2; exit 2 ;;
esac
