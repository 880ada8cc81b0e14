// Adds up vitest's JSON reports (one per package, written where AUG_REPORT_DIR points)
// into the single closing line CI reads: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'reports';
let passed = 0;
let failed = 0;
for (const file of existsSync(dir) ? readdirSync(dir) : []) {
  if (!file.endsWith('.json')) continue;
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A file that fails to load has no failed test of its own: count it once.
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).some((t) => t.status === 'failed');
    if (file.status === 'failed' && !failedTests) failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
