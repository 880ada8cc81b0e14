import { runBench } from './bench.js';
import { type CliOptions, parseBenchArgs, USAGE } from './options.js';
import type { BenchRow } from './report.js';
import { formatMs, formatTable } from './table.js';
import type { BenchTarget } from './target.js';
import { selectTargets } from './targets/index.js';

function progress(row: BenchRow): void {
  process.stderr.write(
    `  ${row.target} B=${row.batch} ${row.strategy}${row.kind === 'handWritten' ? ' (by hand)' : ''}: ${formatMs(row.msPerCall)} ms/call (${row.iterations} calls)\n`,
  );
}

async function main(argv: readonly string[]): Promise<void> {
  let cli: CliOptions;
  let targets: BenchTarget<any>[];
  try {
    cli = parseBenchArgs(argv);
    targets = selectTargets(cli.targetNames);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const report = await runBench({ ...cli, targets, onRow: progress });

  process.stdout.write(
    `\n${report.cpu} (${report.cores} cores), Node ${report.node}; ` +
      `[B, ${report.size}, ${report.size}, ${report.channels}] ${report.dtype}, ` +
      `median of >= ${report.minTimeMs} ms per row\n\n`,
  );
  process.stdout.write(`${formatTable(report.rows)}\n\n`);
  for (const [name, device] of Object.entries(report.devices)) {
    process.stdout.write(`${name} ran on ${device}\n`);
  }
  for (const name of report.skipped) process.stdout.write(`skipped ${name}: not available here\n`);
  process.stdout.write(`wrote ${cli.jsonPath}\n`);
}

await main(process.argv.slice(2));
