#!/bin/sh
# Runs a command with a private, unlocked gnome-keyring Secret Service. Call it inside a private
# D-Bus session:  dbus-run-session -- sh scripts/with-keyring.sh <command> [args...]
# The password must be non-empty: an empty one makes the daemon wait for a GUI prompt.
set -e
KR_HOME=$(mktemp -d)
export XDG_DATA_HOME="$KR_HOME/data" XDG_RUNTIME_DIR="$KR_HOME/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
printf '%s' 'test-keyring-pass' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
set +e
"$@"; rc=$?
rm -rf "$KR_HOME"
exit $rc
