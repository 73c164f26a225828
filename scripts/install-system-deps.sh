#!/bin/sh
# Debian packages the full test suite needs: Chromium for the E2E suite, gnome-keyring + D-Bus for
# a real Secret Service, secret-tool to read items back, and a compiler toolchain for better-sqlite3.
# Installs only what is missing (apt-get update + install), so a prepared machine needs no network.
set -e
PACKAGES="chromium gnome-keyring dbus dbus-x11 libsecret-tools python3 make g++"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "system packages present:$(printf ' %s' $PACKAGES)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null
echo "system packages installed"
