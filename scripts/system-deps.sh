#!/usr/bin/env bash
# Debian packages the real-client tests use: OmegaT (CAT tool), Chromium + ChromeDriver (browser) and a
# CJK font so screenshots of the HTML show Chinese glyphs.
set -euo pipefail
PACKAGES="omegat chromium chromium-driver fonts-wqy-microhei"
missing=""
for p in $PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $missing >/dev/null
