#!/usr/bin/env bash
# Sets up a fresh machine for this repository: the system packages the tests need, pnpm
# (from the npm registry) and the workspace's dependencies. Idempotent: cheap to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# WebGPU tests run Dawn (npm `webgpu`) on SwiftShader, which Debian ships inside
# chromium-common; Dawn also needs the Vulkan loader. Browser tests drive Debian's chromium
# through playwright-core (never a downloaded browser). See packages/webgpu/docs/WEBGPU-ON-CPU.md.
SYSTEM_PACKAGES=(chromium chromium-common libvulkan1)
missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
  # Root, or sudo without a password prompt (which would hang CI); else a warning.
  if [ ${#as_root[@]} -eq 0 ] || sudo -n true 2>/dev/null; then
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    # The gallery and most tests need none of them: go on, and say what will fail.
    echo "setup: ${missing[*]} not installed, and neither root nor passwordless sudo" \
      "here: the WebGPU and browser tests will fail until they are (apt-get install" \
      "--no-install-recommends ${missing[*]})" >&2
  fi
fi

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  # corepack's signature check fails against the registry's current keys on Node 20,
  # so pnpm comes straight from npm.
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi

# onnxruntime-node's CPU binaries ship in its npm package; its install script would only
# download optional GPU binaries from outside npm.
export ONNXRUNTIME_NODE_INSTALL=skip
pnpm install --frozen-lockfile
