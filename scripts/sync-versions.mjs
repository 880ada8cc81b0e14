// After `changeset version`: writes each package's new version where its code needs it
// (exported ONNX models name @aug/onnxruntime's version). Run by `pnpm version-packages`.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);

const targets = [
  { manifest: 'packages/onnxruntime/package.json', file: 'packages/onnxruntime/src/version.ts' },
];
for (const { manifest, file } of targets) {
  const { version } = JSON.parse(readFileSync(new URL(manifest, root), 'utf8'));
  const source = readFileSync(new URL(file, root), 'utf8');
  const updated = source.replace(/VERSION = '[^']*'/, `VERSION = '${version}'`);
  if (!updated.includes(`VERSION = '${version}'`)) throw new Error(`${file}: no VERSION to update`);
  writeFileSync(new URL(file, root), updated);
  console.log(`${file}: ${version}`);
}
