#!/usr/bin/env bash
# Runs one role setup script so that it can really be stopped, and never twice at once:
#   sudo bash run-locked.sh PIDFILE SCRIPT [ARGS...]
# A non-interactive `multipass exec` forwards no signal (multipass src/client/cli, src/ssh:
# no SIGTERM/SIGINT handling), so ending the controller's side leaves `helm --wait` or
# dpkg running on the VM. Here the script becomes the leader of a new session and process
# group whose id goes to PIDFILE: the controller ends the whole group with one
# `kill -- -PGID` (server/hosts/setup/setup-lock.ts). The group inherits an flock on
# PIDFILE.lock, so the lock is held exactly as long as anything of the setup lives, and a
# second setup waits for it (then gives up with exit 75) instead of running beside it.
set -euo pipefail

pidfile="${1:?usage: run-locked.sh PIDFILE SCRIPT [ARGS...]}"
script="${2:?usage: run-locked.sh PIDFILE SCRIPT [ARGS...]}"
shift 2
wait_s="${LBWEB_SETUP_LOCK_WAIT_S:-60}"

mkdir -p "$(dirname "$pidfile")"
exec 9>>"$pidfile.lock"
if ! flock -w "$wait_s" 9; then
  echo "!!! [setup] another setup still runs on this host (process group $(cat "$pidfile" 2>/dev/null || echo '?')) after ${wait_s}s: stop it first" >&2
  exit 75
fi
# setup-leader.sh records its pid, which in the new session is also its process group id,
# then becomes the script (exec keeps the pid). --wait: should setsid have to fork, it still
# waits and returns the script's exit code.
rc=0
setsid --wait bash "$(dirname "${BASH_SOURCE[0]}")/setup-leader.sh" "$pidfile" "$script" "$@" || rc=$?
rm -f "$pidfile"
exit "$rc"
