#!/bin/sh
# Debian packages the full test suite needs: Chromium for the E2E suite, gnome-keyring + D-Bus for
# a real Secret Service, secret-tool to read items back, and a compiler toolchain for better-sqlite3.
set -e
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  chromium gnome-keyring dbus dbus-x11 libsecret-tools python3 make g++ >/dev/null
echo "system packages installed"
