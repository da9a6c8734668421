#!/usr/bin/env bash
# `npm run test:docker`: the suites that need a real Docker engine. Sets up (cached) and
# starts a private engine (scripts/docker/engine.sh), runs test/docker, and always stops
# the engine again, whatever the tests did.
set -euo pipefail
cd "$(dirname "$0")/../.."

export LAYERWISE_DOCKER_CACHE="${LAYERWISE_DOCKER_CACHE:-$HOME/.cache/layerwise-docker}"
started=$(date +%s)
bash scripts/docker/engine.sh setup
# A second engine on the classic image store (its own state folder), where the default
# builder refuses a local cache export: the build command must say why and what to do.
CLASSIC_STATE="$LAYERWISE_DOCKER_CACHE/classic"
trap 'bash scripts/docker/engine.sh stop || true; LAYERWISE_DOCKER_STATE="$CLASSIC_STATE" bash scripts/docker/engine.sh stop --purge || true' EXIT
LAYERWISE_DOCKER_HOST_CLASSIC="$(LAYERWISE_DOCKER_STATE="$CLASSIC_STATE" LAYERWISE_DOCKER_IMAGE_STORE=classic bash scripts/docker/engine.sh start | sed -n "s/^export LAYERWISE_DOCKER_HOST=//p")"
export LAYERWISE_DOCKER_HOST_CLASSIC
eval "$(bash scripts/docker/engine.sh start)"
echo "[docker] engines ready in $(( $(date +%s) - started ))s: ${LAYERWISE_DOCKER_HOST} (containerd image store), ${LAYERWISE_DOCKER_HOST_CLASSIC} (classic)"
node --import tsx --test test/docker/*.test.ts
