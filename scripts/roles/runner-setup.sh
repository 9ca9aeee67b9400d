#!/usr/bin/env bash
# lb-web role setup: the runner host (FORMATS.md §12), run on the VM as root:
#   sudo bash runner-setup.sh [--agent-dir /home/ubuntu/lb-agent] [--workdir /home/ubuntu/lb_workdir]
# k6 (pinned release tarball, amd64 and arm64), faas-cli, Node.js 20 (Ubuntu
# 24.04's own nodejs is 18.x), and the agent's dependencies with @duckdb/node-api pinned
# exactly (npm picks the prebuilt binding for this VM's architecture). Idempotent.
set -euo pipefail

SCRIPT_VERSION=2
ROLE=runner
K6_VERSION="${K6_VERSION:-v0.55.0}"
FAAS_CLI_VERSION="${FAAS_CLI_VERSION:-0.18.10}"
NODE_VERSION="${NODE_VERSION:-v20.18.1}"
DUCKDB_NODE_API="@duckdb/node-api@1.5.6-r.1"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

AGENT_DIR=/home/ubuntu/lb-agent
WORKDIR=/home/ubuntu/lb_workdir
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agent-dir) AGENT_DIR="${2:-}"; shift 2 ;;
    --workdir) WORKDIR="${2:-}"; shift 2 ;;
    *) die "unknown argument: $1 (use --agent-dir DIR --workdir DIR)" ;;
  esac
done
[[ "$AGENT_DIR" == /* && "$WORKDIR" == /* ]] || die "--agent-dir and --workdir must be absolute paths"

require_root
step "lb-web runner setup v$SCRIPT_VERSION (k6 $K6_VERSION, faas-cli $FAAS_CLI_VERSION, node $NODE_VERSION)"
apt_install ca-certificates curl jq xz-utils

# --- k6 ----------------------------------------------------------------------------------
# Pinned from the release tarball on amd64 and arm64 alike: Grafana's apt repository only
# serves its newest k6 (the pin would be ignored) and has no arm64 package (Apple silicon).
k6_version_ok() { command -v k6 >/dev/null && k6 version 2>/dev/null | head -n1 | grep -qF "k6 ${K6_VERSION} "; }
if k6_version_ok; then
  info "k6 $K6_VERSION present"
else
  step "installing k6 $K6_VERSION (release tarball, checksum verified)"
  k6name="k6-${K6_VERSION}-linux-$(arch)"
  download "https://github.com/grafana/k6/releases/download/${K6_VERSION}/${k6name}.tar.gz" "/tmp/${k6name}.tar.gz"
  download "https://github.com/grafana/k6/releases/download/${K6_VERSION}/k6-${K6_VERSION}-checksums.txt" /tmp/k6-checksums.txt
  (cd /tmp && grep " ${k6name}.tar.gz\$" k6-checksums.txt | sha256sum -c -) || die "checksum mismatch for ${k6name}.tar.gz"
  tar -xzf "/tmp/${k6name}.tar.gz" -C /tmp "$k6name/k6"
  install -m 0755 "/tmp/$k6name/k6" /usr/local/bin/k6
  rm -rf "/tmp/${k6name}.tar.gz" /tmp/k6-checksums.txt "/tmp/$k6name"
  # An apt-installed k6 (earlier setups) would shadow nothing (/usr/local/bin comes first) but confuse.
  rm -f /etc/apt/sources.list.d/k6.list
  hash -r
  k6_version_ok || die "k6 on PATH is not $K6_VERSION: $(k6 version 2>&1 | head -n1)"
  info "$(k6 version | head -n1)"
fi

install_faas_cli "$FAAS_CLI_VERSION"

# --- Node.js 20 ------------------------------------------------------------------------------
node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }
if [[ "$(node_major || true)" == "20" ]]; then
  info "node $(node --version) present"
else
  step "installing Node.js $NODE_VERSION (release tarball, checksum verified)"
  nodearch="$(arch)"
  [[ "$nodearch" == "amd64" ]] && nodearch=x64
  name="node-${NODE_VERSION}-linux-${nodearch}"
  download "https://nodejs.org/dist/${NODE_VERSION}/${name}.tar.xz" "/tmp/${name}.tar.xz"
  download "https://nodejs.org/dist/${NODE_VERSION}/SHASUMS256.txt" /tmp/node-SHASUMS256.txt
  (cd /tmp && grep " ${name}.tar.xz\$" node-SHASUMS256.txt | sha256sum -c -) || die "checksum mismatch for ${name}.tar.xz"
  tar -xJf "/tmp/${name}.tar.xz" -C /usr/local --strip-components=1 --no-same-owner
  rm -f "/tmp/${name}.tar.xz" /tmp/node-SHASUMS256.txt
  hash -r
  [[ "$(node_major)" == "20" ]] || die "node on PATH is $(node --version 2>/dev/null || echo missing), expected 20.x (check /usr/bin/node vs /usr/local/bin/node)"
  info "node $(node --version), npm $(npm --version)"
fi

# --- the agent ---------------------------------------------------------------------------------
owner=ubuntu
id "$owner" >/dev/null 2>&1 || owner=root
step "agent directory $AGENT_DIR and lb_workdir $WORKDIR"
install -d -o "$owner" -g "$owner" "$AGENT_DIR" "$WORKDIR"
# npm runs as the directory's owner: a root-owned node_modules would break later updates.
as_owner() { sudo -u "$owner" -H "$@"; }
cd "$AGENT_DIR"
if [[ ! -f package.json ]]; then
  as_owner npm init -y >/dev/null
fi
if [[ -f package-lock.json ]]; then
  step "npm ci (agent bundle)"
  retry 3 10 as_owner npm ci --omit=dev --no-audit --no-fund
elif [[ -n "$(jq -r '(.dependencies // {}) | keys | join(",")' package.json)" ]]; then
  step "npm install (agent bundle)"
  retry 3 10 as_owner npm install --omit=dev --no-audit --no-fund
fi
if [[ "$(as_owner node -p "require('@duckdb/node-api/package.json').version" 2>/dev/null || true)" == "${DUCKDB_NODE_API##*@}" ]]; then
  info "$DUCKDB_NODE_API present"
else
  step "npm install $DUCKDB_NODE_API (exact)"
  retry 3 10 as_owner npm install --save-exact --omit=dev --no-audit --no-fund "$DUCKDB_NODE_API"
fi

step "agent self-check (opens DuckDB)"
as_owner node "$HERE/agent-self-check.mjs" "$AGENT_DIR"

step "done"
echo "LBWEB_SETUP_DONE role=$ROLE version=$SCRIPT_VERSION"
