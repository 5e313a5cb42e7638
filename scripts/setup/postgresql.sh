#!/usr/bin/env bash
# Installs Debian's PostgreSQL server for tests/EntityPlatform.Projections.Tests and the account read model
# (docs/read-side.md). The tests start their own throwaway server (initdb in a temp folder, a free loopback
# port) as the `postgres` system user the package creates, so the package's own cluster is not used.
# Idempotent and quiet: when initdb and postgres are already there it does nothing.
set -euo pipefail

have_server() {
  for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/postgres" ]; then return 0; fi
  done
  return 1
}

if ! have_server || ! id postgres >/dev/null 2>&1; then
  echo "postgresql: installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  # The package may start a system-wide cluster on port 5432; nothing here uses it, so stop it if it runs.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now postgresql >/dev/null 2>&1 || true; fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    for version in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true; done
  fi
fi

# setpriv (util-linux) runs the server as `postgres` when the tests run as root.
if [ "$(id -u)" -eq 0 ] && ! command -v setpriv >/dev/null 2>&1; then
  echo "postgresql: installing util-linux for setpriv"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq util-linux >/dev/null
fi
