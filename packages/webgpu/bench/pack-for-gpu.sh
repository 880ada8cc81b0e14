#!/usr/bin/env bash
# Packs the WebGPU benchmark for a machine with a GPU but no pnpm, no network and no
# Vulkan loader (the lent GPU machine): the bundled benchmark, Dawn's Node binding for
# linux-x64 only, and the kit (Node 20, Vulkan loader, GL vendor libraries) from
# $GPU_KIT (default ../shared/gpu-kit beside the checkout). About 50 MB.
#
#   bash packages/webgpu/bench/pack-for-gpu.sh          # writes .gpu-bench/ (git-ignored)
#   # on the GPU machine, from the repository root:
#   source .gpu-bench/kit/setup.sh && node .gpu-bench/bench.mjs --shape 256,224,224,3
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
kit="${GPU_KIT:-$root/../shared/gpu-kit}"
out="$root/.gpu-bench"
cd "$root/packages/webgpu"
npx vite build --config bench/vite.config.ts --logLevel warn
webgpu="$(node -e "console.log(require('node:path').dirname(require.resolve('webgpu/package.json', { paths: [process.cwd()] })))" 2>/dev/null || readlink -f node_modules/webgpu)"
rm -rf "$out"
mkdir -p "$out/node_modules/webgpu/dist" "$out/kit"
cp bench-dist/bench.mjs "$out/"
cp "$webgpu/index.js" "$webgpu/package.json" "$out/node_modules/webgpu/"
cp -r "$webgpu/dist/linux-x64" "$out/node_modules/webgpu/dist/"
cp "$kit"/* "$out/kit/"
du -sh "$out"
