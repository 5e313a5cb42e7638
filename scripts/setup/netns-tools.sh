#!/usr/bin/env bash
# Installs iptables, which the failover harness's one-way partition faults (DropLeaderInbound,
# DropLeaderOutbound) run inside the test's own network namespaces (bench/EntityPlatform.Harness --netns,
# docs/harness.md). `ip` (iproute2) is already part of the base image. Idempotent: a second run is instant.
set -euo pipefail

if ! command -v iptables >/dev/null 2>&1; then
  echo "netns-tools: installing iptables"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq iptables >/dev/null
fi
