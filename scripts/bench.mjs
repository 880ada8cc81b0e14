// `pnpm bench [flags]`: builds what the benchmarks import, then runs the harness of
// apps/bench (reference, tfjs, onnxruntime) with the flags, then the GPU-timed WebGPU
// benchmark (packages/webgpu), which takes only --quick of them.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2).filter((a) => a !== '--');
function run(command, commandArgs) {
  const { status } = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
run('pnpm', ['turbo', 'run', 'build', '--filter=@aug/bench...', '--filter=@aug/webgpu...']);
run('pnpm', ['--filter', '@aug/bench', 'bench', ...args]);
run('pnpm', ['--filter', '@aug/webgpu', 'bench', ...(args.includes('--quick') ? ['--quick'] : [])]);
