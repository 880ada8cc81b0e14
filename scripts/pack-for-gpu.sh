#!/usr/bin/env bash
# Packs the GPU benchmarks for the lent GPU machine (a GPU, but no pnpm, no network and
# no Vulkan loader): the WebGPU benchmark (packages/webgpu/bench) and the harness of
# apps/bench (for its tfjs-webgpu targets), each bundled into one file, Dawn's Node
# binding for linux-x64 only, the kit (Node 20, Vulkan loader, GL vendor libraries) from
# $GPU_KIT (default ../shared/gpu-kit beside the checkout), and run.sh, which runs them
# all. About 50 MB, in .gpu-bench/ (git-ignored; GPU_BENCH_OUT names another folder).
#
#   bash scripts/pack-for-gpu.sh
#   # on the GPU machine, from the repository root (carry .gpu-bench):
#   bash .gpu-bench/run.sh "$OUT"      # tables on stdout, JSON and logs in $OUT
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit="${GPU_KIT:-$root/../shared/gpu-kit}"
out="${GPU_BENCH_OUT:-$root/.gpu-bench}"
[ -f "$kit/setup.sh" ] || { echo "no GPU kit at $kit (set GPU_KIT)" >&2; exit 1; }
(cd "$root/packages/webgpu" && npx vite build --config bench/vite.config.ts --logLevel warn)
(cd "$root/apps/bench" && npx vite build --config gpu/vite.config.ts --logLevel warn)
webgpu="$(cd "$root/packages/webgpu" && node -p "require('node:path').dirname(require.resolve('webgpu/package.json'))")"
rm -rf "$out"
mkdir -p "$out/node_modules/webgpu/dist" "$out/kit"
cp "$root/packages/webgpu/bench-dist/bench.mjs" "$out/webgpu-bench.mjs"
cp "$root/apps/bench/bench-dist/tfjs-bench.mjs" "$out/tfjs-bench.mjs"
cp "$webgpu/index.js" "$webgpu/package.json" "$out/node_modules/webgpu/"
cp -r "$webgpu/dist/linux-x64" "$out/node_modules/webgpu/dist/"
cp "$kit"/* "$out/kit/"
cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Every GPU benchmark of the project, on the machine this runs on. $1: where the JSON and
# logs go (default .gpu-bench/results). SHAPE and REPS (the WebGPU benchmark) and
# TFJS_ARGS (the harness's flags, default --batches 32,256) override the defaults.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
results="${1:-$here/results}"
mkdir -p "$results"
source "$here/kit/setup.sh" >/dev/null
shape="${SHAPE:-256,224,224,3}"
status=0
echo "## @aug/webgpu, [$shape]"
node "$here/webgpu-bench.mjs" --shape "$shape" --dtype float32,uint8 --reps "${REPS:-50}" \
  --json "$results/webgpu.json" 2> "$results/webgpu.log" || status=1
echo "## @aug/tfjs on tfjs-webgpu: generic kernels and the fused path"
# shellcheck disable=SC2086 # TFJS_ARGS is a list of flags
node "$here/tfjs-bench.mjs" --targets tfjs-webgpu,tfjs-webgpu-fused ${TFJS_ARGS:---batches 32,256} \
  --json "$results/tfjs-webgpu.json" 2> "$results/tfjs-webgpu.log" || status=1
exit $status
RUN
du -sh "$out"
