import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One test of a child vitest run. */
export interface ChildTest {
  /** The describe blocks around it, outermost first. */
  readonly ancestors: readonly string[];
  readonly title: string;
  readonly passed: boolean;
  /** The first lines of its failure ('' when it passed). */
  readonly failure: string;
}

export interface ChildRun {
  /** The process's exit status (null when it was killed). */
  readonly status: number | null;
  readonly stderr: string;
  readonly tests: readonly ChildTest[];
  /** Files that failed before any test ran (an import error, say): their first lines. */
  readonly fileErrors: readonly string[];
}

const firstLines = (text: string, count = 3) => text.split('\n').slice(0, count).join('\n');

/**
 * Runs `vitest run ...args` (the `vitest.mjs` at `vitest`) in a child Node process, for
 * tests that check what a test run reports: the child's JSON report is read into
 * tests, so a run that fails to report at all has no tests rather than passing.
 */
export function runVitestChild(
  vitest: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly timeout: number },
): ChildRun {
  const dir = mkdtempSync(join(tmpdir(), 'aug-vitest-'));
  const report = join(dir, 'report.json');
  try {
    const run = spawnSync(
      process.execPath,
      [vitest, 'run', ...args, '--reporter=json', `--outputFile=${report}`],
      { cwd: options.cwd, encoding: 'utf8', timeout: options.timeout },
    );
    if (run.error) throw run.error;
    if (!existsSync(report))
      return { status: run.status, stderr: run.stderr, tests: [], fileErrors: [] };
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: {
        message?: string;
        assertionResults: {
          ancestorTitles: string[];
          title: string;
          status: string;
          failureMessages: string[];
        }[];
      }[];
    };
    return {
      status: run.status,
      stderr: run.stderr,
      tests: json.testResults.flatMap((file) =>
        file.assertionResults.map((test) => ({
          ancestors: test.ancestorTitles,
          title: test.title,
          passed: test.status === 'passed',
          failure: test.status === 'passed' ? '' : firstLines(test.failureMessages.join('\n')),
        })),
      ),
      fileErrors: json.testResults.flatMap((file) =>
        file.message ? [firstLines(file.message)] : [],
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
