#!/usr/bin/env bash
# lb-web role setup: the runner host (FORMATS.md §12), run on the VM as root:
#   sudo bash runner-setup.sh [--agent-dir /home/ubuntu/lb-agent] [--workdir /home/ubuntu/lb_workdir]
# k6 (Grafana's apt repository, pinned tarball as fallback), faas-cli, Node.js 20 (Ubuntu
# 24.04's own nodejs is 18.x), and the agent's dependencies with @duckdb/node-api pinned
# exactly (npm picks the prebuilt binding for this VM's architecture). Idempotent.
set -euo pipefail

SCRIPT_VERSION=1
ROLE=runner
K6_VERSION="${K6_VERSION:-v0.55.0}"
K6_APT_KEY=C5AD17C747E3415A3642D57D77C6C491D6AC1D69
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
apt_install ca-certificates curl jq gnupg xz-utils

# --- k6 ----------------------------------------------------------------------------------
k6_from_apt() {
  local keyring=/usr/share/keyrings/k6-archive-keyring.gpg
  if [[ ! -s "$keyring" ]]; then
    gpg --no-default-keyring --keyring "$keyring" --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys "$K6_APT_KEY"
  fi
  echo "deb [signed-by=$keyring] https://dl.k6.io/deb stable main" >/etc/apt/sources.list.d/k6.list
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q k6
}
k6_from_tarball() {
  local name
  name="k6-${K6_VERSION}-linux-$(arch)"
  download "https://github.com/grafana/k6/releases/download/${K6_VERSION}/${name}.tar.gz" /tmp/k6.tgz
  tar -xzf /tmp/k6.tgz -C /tmp "$name/k6"
  install -m 0755 "/tmp/$name/k6" /usr/local/bin/k6
  rm -rf /tmp/k6.tgz "/tmp/$name"
}
if command -v k6 >/dev/null && k6 version >/dev/null 2>&1; then
  info "k6 present: $(k6 version | head -n1)"
else
  step "installing k6 from Grafana's apt repository"
  if ! retry 2 10 k6_from_apt; then
    step "apt repository unavailable: installing k6 $K6_VERSION from the release tarball"
    rm -f /etc/apt/sources.list.d/k6.list
    k6_from_tarball
  fi
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
