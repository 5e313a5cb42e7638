#!/usr/bin/env bash
# Installs the real third-party gRPC peers that tests/EntityPlatform.Grpc.Tests talks to:
#   - etcd (a Go gRPC server) from Debian's etcd-server package;
#   - @grpc/grpc-js and @grpc/proto-loader (Node.js) into the test project's interop folder.
# Idempotent: each step runs only when its result is missing, so a second run takes well under a second.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v etcd >/dev/null 2>&1; then
  echo "grpc-interop: installing etcd-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq etcd-server etcd-client >/dev/null
  # The Debian package may enable a system-wide etcd service; the tests start their own on free ports.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now etcd >/dev/null 2>&1 || true; fi
fi

if ! command -v node >/dev/null 2>&1; then
  echo "grpc-interop: node is missing; installing nodejs and npm from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

interop=tests/EntityPlatform.Grpc.Tests/interop
if [ ! -d "$interop/node_modules/@grpc/grpc-js" ] || [ ! -d "$interop/node_modules/@grpc/proto-loader" ]; then
  echo "grpc-interop: npm ci in $interop"
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
fi
