import './style.css';
import { ParameterError, type Strategy, type StrategyName, strategies } from '@aug/core';
import sources from '../../fixtures/SOURCES.md?raw';
import { type Augmented, augmentBatch, configureStrategy } from '../augment.js';
import { toGray, type Uint8Batch } from '../batch.js';
import { describeLabelWeights } from '../labels.js';
import { STRATEGY_NAMES } from '../options.js';
import { buildGrid } from '../sheet.js';
import { backendPanel, formatMilliseconds } from './backend-panel.js';
import type { BackendEntry } from './backends.js';
import { compareBatches, describeDifference } from './compare.js';
import { type ParamControls, paramControls } from './controls.js';
import { byId, h } from './dom.js';
import { loadBatch } from './images.js';
import { latestOnly } from './schedule.js';
import { initialSettings, MAX_COUNT, randomSeed, SIZES } from './settings.js';
import { markComparison, showError, showLabels, showRow } from './view.js';

// The page sets numClasses itself: image b is class b, so there are as many classes as images.
const SET_BY_PAGE = new Set(['numClasses']);

const initial = initialSettings(new URLSearchParams(location.search));
const strategyBox = byId('strategy', HTMLSelectElement);
const summary = byId('summary', HTMLElement);
const paramsBox = byId('params', HTMLElement);
const seedBox = byId('seed', HTMLInputElement);
const sizeBox = byId('size', HTMLSelectElement);
const countBox = byId('count', HTMLSelectElement);
const grayBox = byId('gray', HTMLInputElement);

strategyBox.append(
  ...STRATEGY_NAMES.map((name) =>
    h('option', { value: name, text: `${strategies[name].definition.title} (${name})` }),
  ),
);
sizeBox.append(...SIZES.map((size) => h('option', { value: size, text: `${size} × ${size}` })));
countBox.append(
  ...Array.from({ length: MAX_COUNT }, (_, i) =>
    h('option', { value: i + 1, text: String(i + 1) }),
  ),
);
strategyBox.value = initial.strategy;
seedBox.value = initial.seed;
sizeBox.value = String(initial.size);
countBox.value = String(initial.count);
grayBox.checked = initial.gray;
byId('sources', HTMLElement).textContent = sources;

const request = latestOnly(render, {
  onIdle() {
    document.body.dataset.state = 'idle';
    document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
  },
  // render() shows its own errors; this is for a bug in the page itself.
  onError: (error) => showError(`The page failed: ${String(error)}`),
});
/** Every control calls this; renders run one at a time, the latest settings winning. */
function update(): void {
  document.body.dataset.state = 'busy';
  request();
}

const backends = backendPanel(
  byId('backends', HTMLElement),
  byId('compare', HTMLSelectElement),
  initial,
  update,
);

let controls: ParamControls = showStrategy(initial.strategy);
function showStrategy(name: StrategyName): ParamControls {
  const { definition } = strategies[name];
  summary.textContent = `${definition.summary} Python seed: ${definition.seedName}.`;
  const made = paramControls(definition.params, SET_BY_PAGE, update);
  paramsBox.replaceChildren(made.element);
  return made;
}

strategyBox.addEventListener('change', () => {
  controls = showStrategy(strategyBox.value as StrategyName);
  update();
});
byId('new-seed', HTMLButtonElement).addEventListener('click', () => {
  seedBox.value = String(randomSeed());
  update();
});
for (const box of [seedBox, sizeBox, countBox, grayBox]) box.addEventListener('input', update);

/** Reads every control, augments on the chosen backend(s) and shows the rows. */
async function render(): Promise<void> {
  const name = strategyBox.value as StrategyName;
  const count = Number(countBox.value);
  const size = Number(sizeBox.value);
  const gray = grayBox.checked;
  try {
    const { names, batch } = await loadBatch(count, size);
    const originals = gray ? toGray(batch) : batch;
    showRow('original', {
      image: buildGrid([originals]),
      caption: `Originals (${gray ? 'grayscale' : 'RGB'}, ${size} × ${size}): ${names.join(', ')}`,
    });
    // Decimal digits only, as the CLI takes them (Number() would read '0x10' as 16); other
    // text goes to core as is, so that it gets core's own message naming what was typed.
    const text = seedBox.value.trim();
    const seed = /^\d+$/.test(text) ? Number(text) : (text as unknown as number);
    const strategy = configureStrategy(name, controls.options(), count);
    const run = async (entry: BackendEntry) => {
      const result = await timedRun(entry, strategy, originals, seed);
      backends.showTime(entry, result.milliseconds);
      const title = strategies[name].definition.title;
      const caption = `${title} on ${entry.label}, seed ${seed}: ${formatMilliseconds(result.milliseconds)}`;
      return { ...result, entry, caption };
    };
    const main = await run(backends.selected());
    const other = backends.comparison();
    const second = other ? await run(other) : undefined;
    showRow('augmented', { image: buildGrid([main.out.images]), caption: main.caption });
    if (second) {
      const difference = compareBatches(main.out.images, second.out.images);
      showRow('compare', {
        image: buildGrid([second.out.images]),
        caption: second.caption,
        note: describeDifference(difference, main.entry.label),
      });
      markComparison(difference.differing === 0);
    } else {
      showRow('compare', undefined);
      markComparison(undefined);
    }
    showLabels(strategy.mixesLabels ? describeLabelWeights(main.out.labels, names) : undefined);
    showError(undefined);
    markInvalid(undefined);
  } catch (error) {
    showRow('augmented', undefined);
    showRow('compare', undefined);
    markComparison(undefined);
    showLabels(undefined);
    showError(error instanceof Error ? error.message : String(error));
    markInvalid(error instanceof ParameterError ? error : undefined);
  }
}

/** Augments on one backend and times the call: upload, augment and download. */
async function timedRun(
  entry: BackendEntry,
  strategy: Strategy<any>,
  originals: Uint8Batch,
  seed: number,
): Promise<{ out: Augmented; milliseconds: number }> {
  const backend = await entry.create();
  const start = performance.now();
  const out = await augmentBatch(strategy, originals, { backend, seed });
  return { out, milliseconds: performance.now() - start };
}

/** Highlights the input core refused: a parameter of this strategy, or the seed. */
function markInvalid(error: ParameterError | undefined): void {
  controls.markInvalid(error?.strategy === strategyBox.value ? error.parameter : undefined);
  seedBox.classList.toggle(
    'invalid',
    error?.strategy === 'createAugmenter' && error.parameter === 'seed',
  );
}

// Disabled backends are known before the first render, so it never starts on one.
await backends.probed;
update();
