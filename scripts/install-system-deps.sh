#!/usr/bin/env bash
# Installs the Debian packages transcheck uses: Apertium with a broad set of language pairs
# (offline back-translation), WordNet (English antonyms for the meaning check) and Chromium + ChromeDriver (the HTML report's browser test).
# Idempotent: does nothing when everything is present. Needs root (or sudo) to install;
# otherwise prints exactly what to install and exits 1.
set -euo pipefail

PACKAGES=(
  apertium
  apertium-eng-spa apertium-fr-es apertium-es-pt apertium-spa-ita apertium-es-ro
  apertium-es-gl apertium-spa-cat apertium-eng-cat apertium-en-gl
  apertium-eu-en apertium-isl-eng apertium-mkd-eng apertium-hbs-eng
  wordnet-base
  chromium chromium-driver
)
if [ "${TRANSCHECK_SKIP_BROWSER:-}" = "1" ]; then
  PACKAGES=("${PACKAGES[@]/chromium*/}")
fi

missing=()
for p in "${PACKAGES[@]}"; do
  [ -n "$p" ] || continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "transcheck: missing system packages (${missing[*]}) and no apt-get here; install Apertium and its language pairs with your package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "transcheck: missing system packages; as root run:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "transcheck: installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Install what the archive has; a pair absent from this release is reported, not fatal.
available=()
for p in "${missing[@]}"; do
  if apt-cache show "$p" >/dev/null 2>&1; then available+=("$p"); else echo "transcheck: package $p not available here, skipped" >&2; fi
done
$SUDO apt-get install -y -qq --no-install-recommends "${available[@]}" >/dev/null
