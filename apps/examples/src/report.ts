import type { BackendName } from './backend.js';

/** What one epoch of training measured. */
export interface EpochReport {
  /** 1-based. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches (on augmented batches when augmenting). */
  readonly loss: number;
  /** Accuracy on the epoch's training batches, as model.fit reports it. */
  readonly trainAccuracy?: number;
  /** Accuracy on the test images after the epoch. */
  readonly testAccuracy?: number;
  /** Training images per second (augmentation, forward, backward and update). */
  readonly imagesPerSecond: number;
  /** tf.memory().numTensors after the epoch: flat from epoch to epoch when nothing leaks. */
  readonly numTensors: number;
}

/** What a whole run measured; the examples' main functions resolve to it. */
export interface RunReport {
  readonly backend: BackendName;
  readonly augment: boolean;
  readonly trainCount: number;
  readonly testCount: number;
  readonly epochs: readonly EpochReport[];
  /** Accuracy on the test images at the end, in [0, 1]. */
  readonly testAccuracy: number;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

/** One progress line, e.g. `epoch  3/10  loss 0.6123  acc 0.7810  2310 images/s  tensors 14`. */
export function formatEpoch(report: EpochReport, totalEpochs: number): string {
  const width = String(totalEpochs).length;
  const parts = [
    `epoch ${String(report.epoch).padStart(width)}/${totalEpochs}`,
    `loss ${fixed(report.loss, 4)}`,
  ];
  if (report.trainAccuracy !== undefined) parts.push(`acc ${fixed(report.trainAccuracy, 4)}`);
  if (report.testAccuracy !== undefined) parts.push(`test acc ${fixed(report.testAccuracy, 4)}`);
  parts.push(`${Math.round(report.imagesPerSecond)} images/s`, `tensors ${report.numTensors}`);
  return parts.join('  ');
}

/** The closing line: the test accuracy, which the README's table records. */
export function formatResult(report: RunReport): string {
  const mode = report.augment ? 'with augmentation' : 'without augmentation';
  return `test accuracy ${fixed(report.testAccuracy, 4)} on ${report.testCount} image${report.testCount === 1 ? '' : 's'} (${mode}, trained on ${report.trainCount}, ${report.backend} backend)`;
}
