import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type ExampleOptions, parseCommand, UsageError, usage } from './args.js';
import { formatResult, type RunReport } from './report.js';

/** Where a run writes and where it was started: the real process's, or fakes in tests. */
export interface Console {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  readonly initCwd?: string | undefined;
}

/** An example's main function: trains, printing progress lines through `log`. */
export type Example = (options: ExampleOptions, log: (line: string) => void) => Promise<RunReport>;

/** Runs an example from its command line; resolves to the exit code (0, 1 failed, 2 usage). */
export async function runExampleCli(
  command: string,
  example: Example,
  argv: readonly string[],
  io: Console,
): Promise<number> {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${command}: ${error.message}`);
    io.err(`Run pnpm --filter @aug/examples ${command} --help for the options.`);
    return 2;
  }
  if (parsed.help) {
    io.out(usage(command));
    return 0;
  }
  try {
    const report = await example(parsed.options, io.out);
    io.out(formatResult(report));
    return 0;
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}`);
    return 1;
  }
}

/** The real process's console. */
export function processConsole(): Console {
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    cwd: process.cwd(),
    initCwd: process.env.INIT_CWD,
  };
}

/** True when the module at `moduleUrl` is the script node was asked to run (not imported). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(realpathSync(script)).href === moduleUrl;
}
