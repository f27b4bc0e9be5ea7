#!/usr/bin/env bash
# Make sure Debian's Chromium and ChromeDriver are present for the browser tests.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
echo "The browser tests need Chromium and ChromeDriver: install Debian's packages 'chromium' and 'chromium-driver' (sudo apt-get install chromium chromium-driver) and run the command again." >&2
exit 1
