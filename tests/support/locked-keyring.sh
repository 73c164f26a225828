#!/bin/sh
# Inside a private D-Bus session: creates a login keyring, stops its daemon, then starts a fresh
# daemon that is NOT unlocked, and runs the command against that locked keyring (no display).
set -e
KR_HOME=$(mktemp -d)
export XDG_DATA_HOME="$KR_HOME/data" XDG_RUNTIME_DIR="$KR_HOME/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
printf '%s' 'test-keyring-pass' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
gnome-keyring-daemon --replace --components=secrets --daemonize >/dev/null 2>&1 || true
set +e
"$@"; rc=$?
rm -rf "$KR_HOME"
exit $rc
