// `pnpm bench [flags]`: builds what the benchmarks import, then runs the harness of
// apps/bench (reference, tfjs, onnxruntime) with the flags, then the GPU-timed WebGPU
// benchmark (packages/webgpu) when `--targets` is absent or names `webgpu`. The WebGPU
// part takes --quick, --dtype and --strategies; without a WebGPU adapter it is skipped,
// unless `--targets` asked for it by name.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2).filter((a) => a !== '--');

function run(command, commandArgs) {
  const { status } = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

/** A flag's value, given as `--flag value` or `--flag=value`. */
function flagValue(flag) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

/** The arguments without these flags (and their values). */
function without(...flags) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (flags.includes(args[i])) i++;
    else if (!flags.some((flag) => args[i].startsWith(`${flag}=`))) out.push(args[i]);
  }
  return out;
}

if (args.includes('--help') || args.includes('-h')) {
  run('pnpm', ['turbo', 'run', 'build', '--filter=@aug/bench...', '--output-logs=errors-only']);
  run('pnpm', ['--silent', '--filter', '@aug/bench', 'bench', '--help']);
  console.log(`
  --targets webgpu     also (or only) the GPU-timed @aug/webgpu benchmark, which runs
                       last by default and takes --quick, --dtype and --strategies
                       (see packages/webgpu/BENCHMARKS.md for its own flags)`);
  process.exit(0);
}

const targets = flagValue('--targets')
  ?.split(',')
  .map((t) => t.trim());
const harnessTargets = targets?.filter((t) => t !== 'webgpu');
const withWebGpu = targets === undefined || targets.includes('webgpu');

run('pnpm', ['turbo', 'run', 'build', '--filter=@aug/bench...', '--filter=@aug/webgpu...']);
if (harnessTargets === undefined || harnessTargets.length > 0) {
  // The nested pnpm run sets INIT_CWD to the package: a relative --json must be made
  // absolute here, from where the user typed `pnpm bench`.
  const json = flagValue('--json');
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm for scripts, no turbo input
  const base = process.env.INIT_CWD ?? process.cwd();
  const harnessArgs = [
    ...without('--targets', '--json'),
    ...(harnessTargets ? ['--targets', harnessTargets.join(',')] : []),
    ...(json === undefined ? [] : ['--json', resolve(base, json)]),
  ];
  run('pnpm', ['--filter', '@aug/bench', 'bench', ...harnessArgs]);
}
if (withWebGpu) {
  const webgpuArgs = [];
  if (args.includes('--quick')) webgpuArgs.push('--quick');
  for (const flag of ['--dtype', '--strategies']) {
    const value = flagValue(flag);
    if (value !== undefined) webgpuArgs.push(flag, value);
  }
  // Asked for by name, a missing adapter is an error; as one part of "everything", a skip.
  if (targets === undefined) webgpuArgs.push('--if-available');
  run('pnpm', ['--filter', '@aug/webgpu', 'bench', ...webgpuArgs]);
}
