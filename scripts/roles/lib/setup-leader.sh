#!/usr/bin/env bash
# Started by run-locked.sh under setsid: leader of a new session and process group, so
# its pid is the group id the controller kills. Records it, then becomes the role script.
#   bash setup-leader.sh PIDFILE SCRIPT [ARGS...]
set -euo pipefail
pidfile="${1:?usage: setup-leader.sh PIDFILE SCRIPT [ARGS...]}"
shift
echo "$$" >"$pidfile"
exec bash "$@"
