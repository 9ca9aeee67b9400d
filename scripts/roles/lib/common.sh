# shellcheck shell=bash
# Shared helpers for lb-web's role setup scripts (sourced, not run). Runs on the VM as root.
# Progress lines start with "==> " so the controller can show them as steps; everything
# else is streamed as plain output.

step() { echo "==> [${ROLE:-setup}] $*"; }
info() { echo "    $*"; }
die() { echo "!!! [${ROLE:-setup}] $*" >&2; exit 1; }

require_root() { [[ "$(id -u)" == "0" ]] || die "run as root: sudo bash $0"; }

# dpkg's name for this machine (amd64 or arm64): Multipass on Apple silicon gives arm64 VMs.
arch() {
  local a
  a="$(dpkg --print-architecture)"
  case "$a" in amd64 | arm64) echo "$a" ;; *) die "unsupported architecture $a (amd64 and arm64 only)" ;; esac
}

# retry <attempts> <delay-seconds> <command…>: the network on a fresh VM is often flaky.
retry() {
  local n="$1" d="$2" i
  shift 2
  for ((i = 1; i <= n; i++)); do
    if "$@"; then return 0; fi
    [[ $i -lt $n ]] && info "attempt $i/$n failed: $*; retrying in ${d}s"
    sleep "$d"
  done
  return 1
}

# download <url> <file>: fail on HTTP errors, retry, never write a partial file in place.
download() {
  local url="$1" out="$2"
  retry 4 5 curl -fsSL --connect-timeout 20 --max-time 600 -o "$out.part" "$url" || die "download failed: $url"
  mv "$out.part" "$out"
}

# On a fresh Ubuntu VM cloud-init and unattended-upgrades hold the dpkg lock for minutes
# after first boot: wait for cloud-init, and let apt wait for the lock (10 min) rather than
# fail within retry's 3 x 10 s. A setup stopped mid-dpkg leaves packages half-configured:
# `dpkg --configure -a` finishes them first.
APT_LOCK_WAIT=(-o DPkg::Lock::Timeout=600)
wait_for_first_boot() {
  if command -v cloud-init >/dev/null 2>&1; then
    step "waiting for cloud-init to finish first boot"
    cloud-init status --wait >/dev/null 2>&1 || info "cloud-init status: $(cloud-init status 2>&1 | tr '\n' ' ')"
  fi
}
apt_get() { apt-get "${APT_LOCK_WAIT[@]}" "$@"; }

apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    info "apt packages present: $*"
    return 0
  fi
  wait_for_first_boot
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [[ -n "$(dpkg --audit 2>/dev/null)" ]]; then
    # dpkg itself has no lock timeout: retry for as long as apt would wait.
    step "finishing packages left half-configured (dpkg --configure -a)"
    retry 60 10 dpkg --force-confdef --force-confold --configure -a
  fi
  retry 3 10 apt_get update -q
  retry 3 10 apt_get install -y -q --no-install-recommends "${missing[@]}"
}

# k3s answers `kubectl get nodes` ("No resources found") before its node registers, and
# `kubectl wait node --all` then waits on nothing and succeeds: wait for a node to exist.
node_registered() { [[ -n "$(kubectl get nodes -o name 2>/dev/null)" ]]; }

# wait_until <timeout-seconds> <what> <command…>
wait_until() {
  local timeout="$1" what="$2" start
  shift 2
  start="$(date +%s)"
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) - start >= timeout)); then die "timed out after ${timeout}s waiting for $what"; fi
    sleep 3
  done
  info "ready: $what"
}

# faas-cli, pinned; the same binary on both roles.
install_faas_cli() {
  local want="$1" bin=/usr/local/bin/faas-cli asset=faas-cli
  if [[ -x "$bin" ]] && "$bin" version --short-version 2>/dev/null | grep -qx "$want"; then
    info "faas-cli $want present"
    return 0
  fi
  [[ "$(arch)" == "arm64" ]] && asset=faas-cli-arm64
  step "installing faas-cli $want"
  download "https://github.com/openfaas/faas-cli/releases/download/${want}/${asset}" /tmp/faas-cli
  install -m 0755 /tmp/faas-cli "$bin"
  rm -f /tmp/faas-cli
}

valid_name() { [[ "$1" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]]; }
