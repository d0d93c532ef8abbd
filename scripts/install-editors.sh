#!/usr/bin/env bash
# Install the real editors the integration tiers drive (test/integration/):
#   - apt: build tools + libkrb5-dev (code-server's native modules), ripgrep,
#     chromium (headless UI for code-server), neovim (second LSP client)
#   - code-server 4.99.4 (VS Code 1.99.3 web + Node extension host) from npm into
#     ${LEAKGUARD_EDITORS_DIR:-$HOME/.cache/leakguard-editors}/code-server
# Idempotent: skips every piece that is already there. Works offline except for
# the npm registry and Debian's apt repositories (no GitHub, no Microsoft).
# Recipe and the breakages it works around: shared/realclient/README.md §1.1.
#   usage: scripts/install-editors.sh            (LEAKGUARD_SKIP_APT=1 to skip apt)
set -euo pipefail

EDITORS_DIR=${LEAKGUARD_EDITORS_DIR:-$HOME/.cache/leakguard-editors}
CS_VERSION=${CS_VERSION:-4.99.4}
CS_DEST="$EDITORS_DIR/code-server"
CS_BIN="$CS_DEST/node_modules/.bin/code-server"
export TMPDIR=${TMPDIR:-/tmp}
LOG_DIR="$EDITORS_DIR/logs"
mkdir -p "$LOG_DIR"
ms() { date +%s%3N; }
T0=$(ms)
say() { echo "install-editors: $*"; }
# run a noisy command with its output in a log file; show the log's tail on failure
quiet() {
  local name=$1; shift
  if ! "$@" >"$LOG_DIR/$name.log" 2>&1; then
    say "FAILED: $* (last lines of $LOG_DIR/$name.log):"; tail -n 40 "$LOG_DIR/$name.log" >&2; return 1
  fi
}

# ---- 1. apt packages ---------------------------------------------------------
APT_PKGS=(build-essential python3 pkg-config libkrb5-dev ripgrep chromium neovim)
if [ -z "${LEAKGUARD_SKIP_APT:-}" ] && command -v apt-get >/dev/null; then
  missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    say "apt: installing ${missing[*]}"
    quiet apt-update $SUDO apt-get update -q
    quiet apt-install $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    say "apt: all of ${APT_PKGS[*]} already installed"
  fi
fi
for c in rg chromium nvim cc python3; do command -v "$c" >/dev/null || { say "missing command: $c"; exit 1; }; done

# ---- 2. code-server ------------------------------------------------------------
cs_ok() { [ -x "$CS_BIN" ] && XDG_CONFIG_HOME="$TMPDIR" XDG_DATA_HOME="$TMPDIR" "$CS_BIN" --version 2>/dev/null | grep -q "^$CS_VERSION "; }
if cs_ok; then
  say "code-server $CS_VERSION already in $CS_DEST"
else
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  # code-server 4.99.x declares engines.node 20; its postinstall hard-fails otherwise
  [ "$node_major" = 20 ] || say "warning: code-server $CS_VERSION wants Node 20, this is $(node --version)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # 2a. @vscode/ripgrep's postinstall downloads rg from api.github.com (unreachable).
  #     It first looks in $TMPDIR/vscode-ripgrep-cache-<pkg version>/<asset>, so
  #     seed that cache with Debian's rg. Both versions are read from the tarballs.
  (
    cd "$work"
    npm pack --silent "code-server@$CS_VERSION" >/dev/null
    tar xzf code-server-*.tgz package/lib/vscode/npm-shrinkwrap.json
    RG_PKG=$(node -p "require('./package/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")
    npm pack --silent "@vscode/ripgrep@$RG_PKG" >/dev/null
    tar xzf vscode-ripgrep-*.tgz package/lib/postinstall.js
    RG_TAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" package/lib/postinstall.js)
    case "$(uname -m)" in
      x86_64) target=x86_64-unknown-linux-musl ;;
      aarch64|arm64) target=aarch64-unknown-linux-musl ;;
      *) target="$(uname -m)-unknown-linux-gnu" ;;
    esac
    cache="$TMPDIR/vscode-ripgrep-cache-$RG_PKG"
    mkdir -p "$cache" bin && cp "$(command -v rg)" bin/rg
    tar czf "$cache/ripgrep-$RG_TAG-$target.tar.gz" -C bin rg
    echo "install-editors: seeded $cache/ripgrep-$RG_TAG-$target.tar.gz"
  )
  # 2b. --unsafe-perm: postinstall.sh refuses to run as root without it.
  #     npm_config_yes=true: node-pty's post-install runs `npx node-gyp`, which
  #     aborts with "npx canceled due to missing packages and no YES option".
  #     kerberos needs libkrb5-dev's headers (installed above).
  mkdir -p "$CS_DEST"
  [ -f "$CS_DEST/package.json" ] || echo '{"name":"leakguard-code-server-host","private":true}' > "$CS_DEST/package.json"
  say "npm install code-server@$CS_VERSION into $CS_DEST (log: $LOG_DIR/code-server.log)"
  t=$(ms)
  ( cd "$CS_DEST" && npm_config_yes=true quiet code-server \
      npm install --unsafe-perm --no-audit --no-fund "code-server@$CS_VERSION" )
  say "code-server installed in $(( ($(ms)-t)/1000 )) s"
  # 2c. verify the pieces that silently break otherwise
  V="$CS_DEST/node_modules/code-server/lib/vscode"
  "$V/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null || { say "bundled ripgrep broken"; exit 1; }
  node -e "require('$V/node_modules/node-pty')" || { say "node-pty does not load"; exit 1; }
  cs_ok || { say "code-server --version does not report $CS_VERSION"; exit 1; }
fi
say "ready in $(( ($(ms)-T0)/1000 )) s: code-server=$CS_BIN chromium=$(command -v chromium) nvim=$(command -v nvim)"
