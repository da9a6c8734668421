#!/usr/bin/env bash
# A private, real Docker engine for the tests that need one (issue #6), on a Debian machine
# with root and no registry reachable. Nothing is installed system-wide and the machine's own
# apt state is left alone.
#
#   bash scripts/docker/engine.sh setup   # fetch + unpack the packages into the cache (once)
#   bash scripts/docker/engine.sh start   # start dockerd (+ its containerd); prints export lines
#   bash scripts/docker/engine.sh env     # the export lines: eval "$(bash scripts/docker/engine.sh env)"
#   bash scripts/docker/engine.sh status  # exit 0 when the engine answers
#   bash scripts/docker/engine.sh stop    # stop it; no process or mount left (--purge: drop its data too)
#
# Stdout carries only `export …` lines (start, env); progress and timings go to stderr.
#
# What was found by trying it on Debian 12 (kernel 6.x VM, root, hybrid cgroup v1 + v2):
# - Debian 12's docker.io (20.10) cannot export build cache with the default `docker` driver;
#   trixie's docker.io/docker-cli 26.1 + docker-buildx 0.13 + containerd 1.7 can (containerd
#   image store). Their Go binaries need glibc >= 2.34 only, so they run on bookworm (2.36).
# - trixie's runc is linked against glibc 2.38 ("version `GLIBC_2.38' not found"), so runc
#   comes from the machine's own suite (bookworm's 1.1.5 satisfies docker.io's "runc >= 1.0").
# - busybox-static and tini-static (docker-init) are static: any suite works; trixie's are used.
# - iptables is not installed and not needed: "iptables"/"ip6tables": false. The default bridge
#   is still created, inside the private network namespace (`unshare --net`), and BuildKit's
#   RUN steps use it; nothing touches the machine's own interfaces or firewall.
# - dockerd also runs in a private mount namespace (`unshare --mount --propagation private`),
#   so every overlay/bind mount it makes disappears with its last process, even after a crash.
# - The snapshotter: overlayfs when the data root's filesystem accepts an overlay mount
#   (probed at start, in a throwaway mount namespace), `native` (plain copies) otherwise.
# - Test images cannot be pulled: they start `FROM scratch` and COPY the static busybox.
#   `# syntax=` directives cannot be resolved offline; the built-in Dockerfile frontend
#   handles RUN --mount.
# - LAYERWISE_DOCKER_SUITE=sid (with its own LAYERWISE_DOCKER_CACHE, next to trixie's) gives
#   docker.io/docker-cli 28.5 + docker-buildx 0.29 + containerd 2.1, whose Go binaries also need
#   glibc >= 2.34 only; with bookworm's runc they build and run. They have what trixie's lack:
#   `docker buildx build --call=check` (buildx >= 0.15, and a built-in Dockerfile frontend that
#   answers the lint subrequest, so no `# syntax=` image is needed). Two differences from trixie:
#   sid has no -updates/-security suites (apt-get update fails on their 404), so only the base
#   entry is renamed for it; and docker-init (→ tini-static) is in sid's own `tini-static`
#   package, sid's `tini` holding only a dynamic tini that needs glibc 2.38.
set -euo pipefail

CACHE="${LAYERWISE_DOCKER_CACHE:-$HOME/.cache/layerwise-docker}"
# Where the running engine keeps its socket, data, logs. Kept short: unix socket paths are
# limited to 107 bytes (containerd's shim sockets live below the exec root).
STATE="${LAYERWISE_DOCKER_STATE:-$CACHE/state}"
TARGET_SUITE="${LAYERWISE_DOCKER_SUITE:-trixie}"
START_TIMEOUT="${LAYERWISE_DOCKER_START_TIMEOUT:-60}"
# `containerd` (the default: the containerd image store, whose `docker` driver exports build
# cache) or `classic` (the graph drivers, as most engines still run: the test that a local
# cache export is refused there, and that Layerwise says what to do, uses one).
IMAGE_STORE="${LAYERWISE_DOCKER_IMAGE_STORE:-containerd}"

PREFIX="$CACHE/prefix"        # the unpacked packages (usr/bin, usr/sbin, usr/libexec)
DEBS="$CACHE/debs"
APT="$CACHE/apt"
BIN="$CACHE/bin"              # only `docker`, for PATH
STAMPS="$PREFIX/.layerwise"

SOCK="$STATE/docker.sock"
PIDFILE="$STATE/docker.pid"
LOG="$STATE/dockerd.log"
DOCKER_CONFIG_DIR="$STATE/docker-config"
DOCKER_BIN="$PREFIX/usr/bin/docker"

# package → where it comes from: `target` (trixie) or `host` (the machine's own suite).
# docker-init is a symlink to tini-static: trixie's `tini` package ships it, sid moved it into
# its own `tini-static` package (sid's `tini` holds only a dynamic tini needing glibc 2.38).
TINI_PACKAGE=tini
case "$TARGET_SUITE" in sid | unstable) TINI_PACKAGE=tini-static ;; esac
PACKAGES=(docker.io:target docker-cli:target docker-buildx:target containerd:target "$TINI_PACKAGE:target" busybox-static:target runc:host)

say() { printf '[docker engine] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
now_ms() { date +%s%3N; }
took() { local ms=$(( $(now_ms) - $1 )); printf '%d.%03ds' $((ms / 1000)) $((ms % 1000)); }

# ------------------------------------------------------------------ apt, privately
# The machine's Debian archive entries as one-line "deb [signed-by=…] URI SUITE COMPONENTS",
# read from /etc/apt/sources.list{,.d/*.list} and deb822 /etc/apt/sources.list.d/*.sources.
host_codename() { (. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}"); }
host_debian_entries() {
  local codename="$1" f
  {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      # deb [opts] uri suite comp…; signed-by is kept, other options dropped.
      awk '$1 == "deb" {
        signed = ""; i = 2
        if ($2 ~ /^\[/) {
          for (; i <= NF; i++) {
            if ($i ~ /^\[?signed-by=/) { s = $i; sub(/^\[?signed-by=/, "", s); sub(/\]$/, "", s); signed = s }
            if ($i ~ /\]$/) { i++; break }
          }
        }
        uri = $i; suite = $(i + 1); comps = ""
        for (j = i + 2; j <= NF && $j !~ /^#/; j++) comps = comps " " $j
        print uri "|" suite "|" substr(comps, 2) "|" signed
      }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      awk 'function flush() {
             if (types ~ /(^| )deb( |$)/ && enabled != "no")
               for (u = 1; u <= nu; u++) for (s = 1; s <= ns; s++) print uris[u] "|" suites[s] "|" comps "|" signed
             types = ""; enabled = ""; comps = ""; signed = ""; nu = 0; ns = 0
           }
           /^[ \t]*#/ { next }
           /^[ \t]*$/ { flush(); next }
           { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
             if (key == "types") types = $0
             else if (key == "uris") nu = split($0, uris, " ")
             else if (key == "suites") ns = split($0, suites, " ")
             else if (key == "components") comps = $0
             else if (key == "enabled") enabled = tolower($0)
             else if (key == "signed-by") signed = $0 }
           END { flush() }' "$f"
    done
  } | awk -F'|' -v c="$codename" '$2 == c || index($2, c "-") == 1'
}

# apt_config NAME SUITE: a private apt configuration in $APT/NAME whose sources are the
# machine's Debian entries with the suite renamed to SUITE (bookworm-updates → SUITE-updates).
apt_opts=()
apt_config() {
  local name="$1" suite="$2" dir="$APT/$1" codename
  codename="$(host_codename)"
  [ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release: not a Debian-like machine?"
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/sources.list.d" "$dir/preferences.d"
  : >"$dir/status"
  local entries
  entries="$(host_debian_entries "$codename")"
  [ -n "$entries" ] || die "no Debian archive entry for '$codename' in the machine's apt sources"
  # sid (unstable) has no -updates or -security suites (apt-get update fails on their 404):
  # only the machine's base entries are renamed for it.
  local base_only=0
  case "$suite" in sid | unstable) base_only=1 ;; esac
  printf '%s\n' "$entries" | awk -F'|' -v c="$codename" -v s="$suite" -v b="$base_only" '
    b == 1 && $2 != c { next }
    {
      suite = s substr($2, length(c) + 1)
      opts = ($4 != "") ? "[signed-by=" $4 "] " : ""
      print "deb " opts $1 " " suite " " $3
    }' | sort -u >"$dir/sources.list"
  apt_opts=(
    -o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=$dir/sources.list.d"
    -o "Dir::Etc::Preferences=$dir/preferences" -o "Dir::Etc::PreferencesParts=$dir/preferences.d"
    -o "Dir::State=$dir" -o "Dir::State::Lists=$dir/lists" -o "Dir::State::status=$dir/status"
    -o "Dir::Cache=$dir/cache" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
  )
  # apt drops to the _apt user for downloads, which cannot write into root's cache folder.
  [ "$(id -u)" != 0 ] || apt_opts+=(-o APT::Sandbox::User=root)
}

setup() {
  local t0 t name origin missing=() suite
  t0=$(now_ms)
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "needs apt-get and dpkg-deb (Debian)"
  mkdir -p "$DEBS" "$PREFIX" "$STAMPS" "$BIN"
  for entry in "${PACKAGES[@]}"; do
    name="${entry%%:*}"
    [ -f "$STAMPS/$name" ] || missing+=("$entry")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "setup: all ${#PACKAGES[@]} packages already unpacked in $PREFIX"
  fi
  for origin in target host; do
    local want=()
    for entry in "${missing[@]}"; do
      [ "${entry#*:}" = "$origin" ] && want+=("${entry%%:*}")
    done
    [ ${#want[@]} -gt 0 ] || continue
    if [ "$origin" = target ]; then suite="$TARGET_SUITE"; else suite="$(host_codename)"; fi
    apt_config "$origin" "$suite"
    local need_download=()
    for name in "${want[@]}"; do
      compgen -G "$DEBS/${name}_*.deb" >/dev/null || need_download+=("$name")
    done
    if [ ${#need_download[@]} -gt 0 ]; then
      t=$(now_ms)
      say "apt-get update ($suite, private lists in $APT/$origin)"
      apt-get -q "${apt_opts[@]}" update >"$APT/$origin/update.log" 2>&1 ||
        { tail -n 20 "$APT/$origin/update.log" >&2; die "apt-get update failed (log: $APT/$origin/update.log)"; }
      say "apt-get update done ($(took "$t"))"
      t=$(now_ms)
      (cd "$DEBS" && apt-get -q "${apt_opts[@]}" download "${need_download[@]}") >"$APT/$origin/download.log" 2>&1 ||
        { tail -n 20 "$APT/$origin/download.log" >&2; die "apt-get download failed (log: $APT/$origin/download.log)"; }
      say "downloaded ${need_download[*]} from $suite ($(took "$t"))"
    fi
    for name in "${want[@]}"; do
      local deb
      deb="$(compgen -G "$DEBS/${name}_*.deb" | sort -V | tail -n 1)"
      t=$(now_ms)
      dpkg-deb -x "$deb" "$PREFIX"
      # What the package declares it needs, for the record: libc and libseccomp2 are on every
      # Debian 12; iptables, adduser, sysvinit-utils serve the packaged service, not this engine.
      dpkg-deb -f "$deb" Version Depends | tr '\n' ' ' | sed 's/ $//' >"$STAMPS/$name"
      say "unpacked $(basename "$deb") ($(took "$t")): $(cat "$STAMPS/$name")"
    done
  done
  ln -sfn "$DOCKER_BIN" "$BIN/docker"
  # Each binary has to run here (a too-new glibc shows up now, not at `start`).
  local bin out
  for bin in usr/sbin/dockerd usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/sbin/runc usr/bin/docker \
    usr/libexec/docker/cli-plugins/docker-buildx usr/bin/docker-init usr/bin/busybox; do
    [ -x "$PREFIX/$bin" ] || die "$bin missing from $PREFIX (delete $STAMPS to unpack again)"
    case "$bin" in
      */docker-buildx) out="$("$PREFIX/$bin" version 2>&1)" ;;
      */containerd-shim-runc-v2) out="$("$PREFIX/$bin" -v 2>&1)" ;;
      */busybox) out="$("$PREFIX/$bin" 2>&1)" ;;
      *) out="$("$PREFIX/$bin" --version 2>&1)" ;;
    esac || die "$bin does not run here: $out"
    out="${out#*$'\n'  Version:  }"  # containerd-shim-runc-v2 prints its name first
    say "  $(basename "$bin"): ${out%%$'\n'*}"
  done
  say "setup done in $(took "$t0") (cache: $CACHE)"
}

# ------------------------------------------------------------------ the engine
env_lines() {
  printf 'export LAYERWISE_DOCKER_HOST=%q\n' "unix://$SOCK"
  printf 'export DOCKER_HOST=%q\n' "unix://$SOCK"
  printf 'export DOCKER_CONFIG=%q\n' "$DOCKER_CONFIG_DIR"
  printf 'export LAYERWISE_DOCKER_CLI=%q\n' "$DOCKER_BIN"
  printf 'export LAYERWISE_DOCKER_BUSYBOX=%q\n' "$PREFIX/usr/bin/busybox"
  printf 'export PATH=%q:"$PATH"\n' "$BIN"
}

engine_path() { printf '%s' "$PREFIX/usr/bin:$PREFIX/usr/sbin:/usr/sbin:/usr/bin:/sbin:/bin"; }
client() { DOCKER_HOST="unix://$SOCK" DOCKER_CONFIG="$DOCKER_CONFIG_DIR" "$DOCKER_BIN" "$@"; }
answers() { [ -S "$SOCK" ] && client version --format '{{.Server.Version}}' >/dev/null 2>&1; }
daemon_pid() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "dockerd --config-file $STATE/daemon.json" || return 1
  printf '%s' "$pid"
}

# overlayfs works here when an overlay mount on the data root's filesystem succeeds; tried
# in a throwaway mount namespace so nothing can stay mounted.
snapshotter() {
  local probe="$STATE/overlay-probe" ok=native
  mkdir -p "$probe/lower" "$probe/upper" "$probe/work" "$probe/merged"
  if unshare --mount --propagation private sh -c \
    "mount -t overlay overlay -o lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work $probe/merged" 2>/dev/null; then
    ok=overlayfs
  fi
  rm -rf "$probe"
  printf '%s' "$ok"
}

start() {
  local t0 pid snap
  t0=$(now_ms)
  [ -x "$PREFIX/usr/sbin/dockerd" ] && [ -f "$STAMPS/runc" ] || die "not set up: run 'bash scripts/docker/engine.sh setup' first"
  [ "$(id -u)" = 0 ] || die "dockerd needs root here (rootless mode is not set up by this script)"
  if pid="$(daemon_pid)" && answers; then
    say "already running (pid $pid, $(client version --format '{{.Server.Version}}')), reused"
    env_lines
    return
  fi
  [ -z "${pid:-}" ] || die "dockerd (pid $pid) runs but does not answer on $SOCK; run 'stop' first (log: $LOG)"
  mkdir -p "$STATE/data" "$STATE/exec" "$DOCKER_CONFIG_DIR/cli-plugins"
  rm -f "$SOCK" "$PIDFILE"
  ln -sfn "$PREFIX/usr/libexec/docker/cli-plugins/docker-buildx" "$DOCKER_CONFIG_DIR/cli-plugins/docker-buildx"
  snap="$(snapshotter)"
  # The containerd image store makes the default `docker` driver export build cache; with it,
  # "storage-driver" names the containerd snapshotter. The classic store names a graph driver.
  local store=true
  case "$IMAGE_STORE" in
    containerd) ;;
    classic) store=false; if [ "$snap" = overlayfs ]; then snap=overlay2; else snap=vfs; fi ;;
    *) die "LAYERWISE_DOCKER_IMAGE_STORE must be containerd or classic, not '$IMAGE_STORE'" ;;
  esac
  cat >"$STATE/daemon.json" <<JSON
{
  "features": { "containerd-snapshotter": $store },
  "storage-driver": "$snap",
  "hosts": ["unix://$SOCK"],
  "data-root": "$STATE/data",
  "exec-root": "$STATE/exec",
  "pidfile": "$PIDFILE",
  "iptables": false,
  "ip6tables": false,
  "userland-proxy": false,
  "group": "root"
}
JSON
  say "starting dockerd ($IMAGE_STORE image store, $snap, log $LOG)"
  # setsid: its own session, so the caller's Ctrl-C or process-group kill does not reach it.
  # dockerd starts and supervises its own containerd (found on PATH, with runc and docker-init).
  PATH="$(engine_path)" setsid unshare --net --mount --propagation private -- \
    sh -c 'ip link set lo up 2>/dev/null || true; exec dockerd --config-file "$1"' sh "$STATE/daemon.json" \
    </dev/null >"$LOG" 2>&1 &
  local launcher=$! deadline=$(( $(now_ms) + START_TIMEOUT * 1000 ))
  until answers; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      tail -n 30 "$LOG" >&2
      die "dockerd exited during start-up (log: $LOG)"
    fi
    [ "$(now_ms)" -lt "$deadline" ] || { tail -n 30 "$LOG" >&2; die "dockerd did not answer within ${START_TIMEOUT}s (log: $LOG; run 'stop')"; }
    sleep 0.1
  done
  say "dockerd $(client version --format '{{.Server.Version}}') ready in $(took "$t0") (pid $(daemon_pid || echo "?"), socket $SOCK)"
  env_lines
}

# Processes of this engine: dockerd, its containerd and the shims (all started with paths
# under $STATE on their command line), plus everything below them: the shims are reparented
# to init when dockerd dies, but the containers' processes stay their children (a bare
# `sleep` in a container has no path of ours in its command line).
engine_pids() {
  local p cmd roots=()
  for p in /proc/[0-9]*; do
    cmd="$({ tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" || continue
    # Only the engine's own programs: a `tail -f $STATE/dockerd.log` is left alone.
    case "${cmd%% *}" in */dockerd | dockerd | */containerd | containerd | */containerd-shim*) ;; *) continue ;; esac
    case "$cmd" in *"$STATE/"*) roots+=("${p#/proc/}") ;; esac
  done
  [ ${#roots[@]} -gt 0 ] || return 0
  ps -e -o pid=,ppid= | awk -v roots="${roots[*]}" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
    { parent[$1] = $2 }
    END {
      do { grew = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grew = 1 } } while (grew)
      for (p in keep) if (p in parent) print p
    }'
}

stop() {
  local t0 pid pids left deadline
  t0=$(now_ms)
  if pid="$(daemon_pid)"; then
    say "stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    # dockerd stops its containers and its containerd before exiting.
    deadline=$(( $(now_ms) + 30000 ))
    while kill -0 "$pid" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { say "dockerd still running after 30s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  else
    say "dockerd is not running"
  fi
  # Leftovers after a crash or a SIGKILL: containerd and shims still holding our paths.
  pids="$(engine_pids)"
  if [ -n "$pids" ]; then
    say "ending leftover processes: $(echo $pids)"
    # One snapshot, signalled as a whole: a container whose shim exits first is reparented
    # to init and would not be found again. A container's PID 1 ignores SIGTERM unless it
    # handles it: SIGKILL for whatever is left after 5 s.
    kill -TERM $pids 2>/dev/null || true
    alive() { local p; for p in $pids; do kill -0 "$p" 2>/dev/null && printf '%s ' "$p"; done; return 0; }
    deadline=$(( $(now_ms) + 5000 ))
    while [ -n "$(alive)" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
    left="$(alive)"
    if [ -n "$left" ]; then
      say "SIGKILL for $left"
      kill -KILL $left 2>/dev/null || true
    fi
  fi
  # The mounts lived in dockerd's private mount namespace and went with it; anything under
  # $STATE in this namespace would come from an engine started another way.
  awk -v s="$STATE/" 'index($5, s) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r m; do
    say "unmounting $m"; umount -l "$m" || true
  done
  rm -f "$SOCK" "$PIDFILE"
  if [ "${1:-}" = --purge ]; then
    rm -rf "$STATE"
    say "removed $STATE"
  fi
  left="$(engine_pids)"
  [ -z "$left" ] || die "processes still running: $left"
  say "stopped ($(took "$t0"))"
}

case "${1:-}" in
  setup) setup ;;
  start) start ;;
  stop) shift; stop "$@" ;;
  env)
    env_lines
    daemon_pid >/dev/null && answers || say "warning: the engine is not running (bash scripts/docker/engine.sh start)"
    ;;
  status)
    if pid="$(daemon_pid)" && answers; then say "running (pid $pid, socket $SOCK)"; else say "not running"; exit 1; fi
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
