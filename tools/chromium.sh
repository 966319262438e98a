#!/usr/bin/env bash
# Debian's Chromium for the browser tests and the designer benchmark, which Playwright drives at /usr/bin/chromium;
# no browser is ever downloaded. Source it after tools/pg-cluster.sh (for log and as_root), then call install_chromium_if_missing.
install_chromium_if_missing() {
    [[ -x /usr/bin/chromium ]] && return
    log "Chromium is not installed; installing it from Debian."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
    [[ -x /usr/bin/chromium ]] || { log "/usr/bin/chromium still missing after install."; exit 1; }
}
