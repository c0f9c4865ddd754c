#!/usr/bin/env bash
# Debian's chromium and a CJK font: the viewer tests (tests/viewer/) drive the real page in
# headless chromium through Playwright's Python package, and `kg view --screenshot` renders
# with it. Idempotent: does nothing when /usr/bin/chromium and a CJK font are already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-noto-cjk)

has_cjk_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]
}

if [ -x "$CHROMIUM" ] && has_cjk_font; then
    echo "chromium: $("$CHROMIUM" --version 2>/dev/null | head -n 1) and a CJK font already installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    echo "chromium: cannot install ${PACKAGES[*]} (not root and no password-less sudo)." >&2
    echo "Install them by hand:  sudo apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: apt-get not found; install Chromium at $CHROMIUM and a CJK font (Noto Sans CJK) by hand." >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null; }; then
    echo "chromium: apt-get could not install ${PACKAGES[*]}; install them by hand:" >&2
    echo "  sudo apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
    echo "chromium: installed ${PACKAGES[*]} but $CHROMIUM is missing; install Debian's chromium by hand." >&2
    exit 1
fi
echo "chromium: installed $("$CHROMIUM" --version 2>/dev/null | head -n 1) and ${PACKAGES[*]:1}"
