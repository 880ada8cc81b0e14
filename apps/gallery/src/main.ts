import { relative } from 'node:path';
import { parseCommand, USAGE, UsageError } from './args.js';
import { renderSheets } from './render.js';

/** Where the CLI writes and where it runs; the real process's in cli.ts, fakes in tests. */
export interface Console {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  readonly initCwd?: string | undefined;
}

/** Runs the gallery CLI; resolves to its exit code: 0 done, 1 failed, 2 bad command line. */
export async function runCli(argv: readonly string[], io: Console): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv, { cwd: io.cwd, initCwd: io.initCwd });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`aug-gallery: ${error.message}`);
    io.err('Run pnpm gallery --help for the options.');
    return 2;
  }
  if (command.help) {
    io.out(USAGE);
    return 0;
  }
  const { options } = command;
  // Paths are printed as the user would type them from where they ran the command.
  const shown = (path: string) => relative(io.initCwd || io.cwd, path) || '.';
  try {
    const files = await renderSheets({
      ...options,
      onFile: (path) => io.out(`wrote ${shown(path)}`),
    });
    const sheets = files.filter((file) => file.endsWith('.png')).length;
    io.out(`${sheets} ${sheets === 1 ? 'sheet' : 'sheets'} and index.md in ${options.outDir}`);
    return 0;
  } catch (error) {
    io.err(`aug-gallery: ${(error as Error).message}`);
    return 1;
  }
}
