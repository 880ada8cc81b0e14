import { type ImageDType, type LabelBatch, type StrategyName, strategies } from '@aug/core';
import { andThen } from '@aug/core/backend';
import { type Measurement, measure } from './measure.js';
import { type BenchReport, type BenchRow, describeMachine, writeReport } from './report.js';
import type { BenchTarget } from './target.js';

/** Images are RGB, as in the ImageNet-shaped batches the numbers are quoted for. */
export const CHANNELS = 3;
/** Fixed, so two runs plan the same boxes at the same steps and time the same work. */
const SEED = 1234;
/** Classes of the one-hot labels that the label-mixing strategies (CutMix, Mixup) mix. */
const CLASSES = 10;

/** One-hot [batch, CLASSES] labels, image b of class b mod CLASSES. */
function oneHotLabels(batch: number): LabelBatch {
  const data = new Float32Array(batch * CLASSES);
  for (let b = 0; b < batch; b++) data[b * CLASSES + (b % CLASSES)] = 1;
  return { data, shape: [batch, CLASSES] };
}

export interface BenchOptions {
  readonly targets: readonly BenchTarget<any>[];
  readonly strategies: readonly StrategyName[];
  readonly batches: readonly number[];
  readonly size: number;
  readonly dtype: ImageDType;
  readonly minTimeMs: number;
  readonly minIterations?: number;
  /** Where to write the JSON report; omitted = not written. */
  readonly jsonPath?: string;
  /** Called as each row is measured (progress for runs that take minutes). */
  readonly onRow?: (row: BenchRow) => void;
}

function toRow(
  target: string,
  strategy: string,
  kind: BenchRow['kind'],
  batch: number,
  measurement: Measurement,
  copyMs: number,
): BenchRow {
  const ms = measurement.medianMs;
  return {
    target,
    strategy,
    kind,
    batch,
    msPerCall: ms,
    imagesPerSecond: (batch * 1000) / ms,
    ratioToCopy: ms / copyMs,
    iterations: measurement.iterations,
  };
}

/**
 * Measures every strategy (and the copy baseline) on every available target at every
 * batch size, writes the JSON report when asked, and returns it.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { size, dtype, minTimeMs, minIterations } = options;
  const rows: BenchRow[] = [];
  const skipped: string[] = [];
  const devices: Record<string, string> = {};
  const emit = (row: BenchRow) => {
    rows.push(row);
    options.onRow?.(row);
  };

  for (const target of options.targets) {
    if (!(await target.available())) {
      skipped.push(target.name);
      continue;
    }
    const device = target.device?.();
    if (device) devices[target.name] = device;
    // Device work must finish inside the timing, or an asynchronous backend looks free.
    const settled = <R>(result: R | Promise<R>) =>
      andThen(result, (value) => andThen(target.settle?.(), () => value));

    for (const batch of options.batches) {
      const input = await target.makeBatch(batch, size, size, CHANNELS, dtype);
      try {
        const copy = await measure(() => settled(target.copy(input)), {
          minTimeMs,
          minIterations,
        });
        emit(toRow(target.name, 'copy', 'copy', batch, copy, copy.medianMs));

        for (const name of options.strategies) {
          const augmenter = target.augmenter(SEED);
          const strategy = strategies[name]();
          // Strategies that mix labels take them (in the backend's own tensors, as a
          // training step has them), and their time includes mixing them.
          const labels = strategy.mixesLabels
            ? await augmenter.backend.upload(oneHotLabels(batch))
            : undefined;
          const sample = labels === undefined ? input : { images: input, labels };
          try {
            // Each step plans new boxes, as training does. The output is a new tensor every
            // call (the reference backend allocates a fresh array): that allocation is part
            // of what we measure, as it is for users, and dropping the output each iteration
            // lets the garbage collector reclaim it inside the loop rather than pile up.
            const run = await measure(
              (step) => settled(target.augment(augmenter, strategy, sample, step)),
              {
                minTimeMs,
                minIterations,
                discard: (output) => {
                  if (labels === undefined) return target.dispose(output);
                  target.dispose(output.images);
                  target.dispose(output.labels);
                },
              },
            );
            emit(toRow(target.name, name, 'strategy', batch, run, copy.medianMs));
          } finally {
            if (labels !== undefined) augmenter.backend.dispose(labels);
          }
        }
        for (const [name, job] of Object.entries(target.handWritten ?? {})) {
          if (!options.strategies.includes(name as StrategyName)) continue;
          const run = await measure((step) => settled(job(input, step)), {
            minTimeMs,
            minIterations,
            discard: (output) => target.dispose(output),
          });
          emit(toRow(target.name, name, 'handWritten', batch, run, copy.medianMs));
        }
      } finally {
        target.dispose(input);
      }
    }
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    ...describeMachine(),
    dtype,
    size,
    channels: CHANNELS,
    minTimeMs,
    devices,
    skipped,
    rows,
  };
  if (options.jsonPath !== undefined) await writeReport(options.jsonPath, report);
  return report;
}
