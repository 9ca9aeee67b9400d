#!/usr/bin/env bash
# Installs what lb-web and its tests need on a fresh Debian/Ubuntu machine:
# Debian's prometheus, prometheus-node-exporter, chromium, shellcheck and openssh-server (only when
# missing), then npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-node-exporter >/dev/null 2>&1 || need+=(prometheus-node-exporter)
command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
# A real sshd on loopback for the SSH provider's integration tests.
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
if ((${#need[@]})); then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "install-deps: installing Debian packages: ${need[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
