#!/usr/bin/env bash
# Debian packages the real-client tests use: OmegaT (CAT tool) and Chromium + ChromeDriver (browser).
set -euo pipefail
if command -v omegat >/dev/null && command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends omegat chromium chromium-driver >/dev/null
