#!/usr/bin/env bash
# Headless Chromium and its ChromeDriver for the browser tests (browser-tests/), from Debian's
# own packages: /usr/bin/chromium and /usr/bin/chromedriver, always the same version as each
# other. Nothing is downloaded by a test tool (no Selenium Manager, no `playwright install`).
#
# Idempotent: when both programs answer, nothing is installed and apt is not even asked.
# Needs Debian (or a derivative) and root; elsewhere it says what to install and exits 1.
#
#   ci/install-chromium.sh          # install if missing, then print both versions
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/lib.sh
. "$here/lib.sh"

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

answers() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if answers "$CHROMIUM" && answers "$CHROMEDRIVER"; then
  lab_log "chromium and chromedriver present: $("$CHROMIUM" --version 2>/dev/null), $("$CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2)"
  exit 0
fi

if ! lab_is_debian_root; then
  lab_die "The browser tests need Chromium at $CHROMIUM and ChromeDriver at $CHROMEDRIVER (same version):" \
          "on Debian or Ubuntu run 'sudo apt-get install chromium chromium-driver' (or run this script as root);" \
          "without them the browser tests fail."
fi

lab_apt_install chromium chromium-driver
answers "$CHROMIUM" || lab_die "$CHROMIUM was installed but does not answer to --version"
answers "$CHROMEDRIVER" || lab_die "$CHROMEDRIVER was installed but does not answer to --version"
lab_log "installed: $("$CHROMIUM" --version 2>/dev/null), $("$CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2)"
