#!/usr/bin/env bash
# Sets up a fresh machine for this repository: pnpm (from the npm registry) and the
# workspace's dependencies. Idempotent: cheap to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  # corepack's signature check fails against the registry's current keys on Node 20,
  # so pnpm comes straight from npm.
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi

pnpm install --frozen-lockfile
