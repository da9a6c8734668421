#!/usr/bin/env bash
# `npm run test:docker`: the suites that need a real Docker engine. Sets up (cached) and
# starts a private engine (scripts/docker/engine.sh), runs test/docker, and always stops
# the engine again, whatever the tests did.
set -euo pipefail
cd "$(dirname "$0")/../.."

export LAYERWISE_DOCKER_CACHE="${LAYERWISE_DOCKER_CACHE:-$HOME/.cache/layerwise-docker}"
started=$(date +%s)
bash scripts/docker/engine.sh setup
eval "$(bash scripts/docker/engine.sh start)"
trap 'bash scripts/docker/engine.sh stop || true' EXIT
echo "[docker] engine ready in $(( $(date +%s) - started ))s: ${LAYERWISE_DOCKER_HOST}"
node --import tsx --test test/docker/*.test.ts
