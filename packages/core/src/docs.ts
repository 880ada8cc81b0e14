import { formatValue } from './errors.js';
import type { ParamSpec } from './params/spec.js';
import { strategies } from './strategies/index.js';

/**
 * The parameter reference of every strategy as Markdown, generated from the same specs
 * that validate parameters, so the docs cannot drift from the code (a test compares it
 * with packages/core/docs/PARAMETERS.md).
 */
export function parameterReference(): string {
  const out = [
    '# Parameters of the ten strategies',
    '',
    'Generated from the parameter specs in `@aug/core` (`pnpm --filter @aug/core run docs`); do not edit by hand.',
    'Every parameter is optional. An invalid value is refused when the strategy is created, with an error naming the strategy, the parameter, the rule and the value. The rules that depend on the batch are checked, with the same kind of error, when it runs: a fill colour given as an array needs one value per channel, uint8 images need integer colours in 0..255 and a `pixelsRange` of integers in [0, 255], and one call holds at most 2^24 regions (`numPatches` x B, or rows x cols x B of `gridSize`).',
    '',
  ];
  for (const factory of Object.values(strategies)) {
    const d = factory.definition;
    out.push(
      `## ${d.title}: \`${d.name}()\``,
      '',
      `${d.summary} (Python seed library: \`${d.seedName}\`)`,
      '',
    );
    out.push('| parameter | default | rule | meaning |', '|---|---|---|---|');
    for (const [name, spec] of Object.entries(
      d.params as Record<string, ParamSpec<unknown, unknown>>,
    )) {
      const def = spec.default === undefined ? '—' : `\`${formatValue(spec.default)}\``;
      out.push(`| \`${name}\` | ${def} | ${spec.rule} | ${spec.doc} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
