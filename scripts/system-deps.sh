#!/usr/bin/env bash
# Debian/Ubuntu system libraries Qt needs (offscreen and a real X window) and a CJK font.
# `system-deps.sh test` adds the PostgreSQL server the shared-mode tests start.
# Installs only what is missing; does nothing on systems without dpkg (Windows, macOS).
set -euo pipefail

PACKAGES=(
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libx11-6
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  fonts-wqy-microhei poppler-utils binutils
)
[ "${1:-}" = "test" ] && PACKAGES+=(postgresql)

command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
