import type { Image } from '../image.js';
import { drawImage } from './canvas.js';
import { byId, h } from './dom.js';

/** The rows of the page: originals, augmented on the chosen backend, and the comparison. */
export type RowId = 'original' | 'augmented' | 'compare';

// Small images are shown enlarged, but never beyond this many screen pixels per pixel.
const MAX_ZOOM = 3;

/** Shows a row's strip and caption; `undefined` hides the row. */
export function showRow(
  row: RowId,
  content: { readonly image: Image; readonly caption: string; readonly note?: string } | undefined,
): void {
  const figure = byId(`row-${row}`, HTMLElement);
  figure.hidden = content === undefined;
  if (!content) return;
  const canvas = figure.querySelector('canvas')!;
  drawImage(canvas, content.image);
  canvas.style.maxWidth = `${content.image.shape[1] * MAX_ZOOM}px`;
  figure.querySelector('.caption')!.textContent = content.caption;
  const note = figure.querySelector<HTMLElement>('.note')!;
  note.textContent = content.note ?? '';
  note.hidden = content.note === undefined;
}

/** Marks the comparison as matching or not, for the eye (and for the browser test). */
export function markComparison(identical: boolean | undefined): void {
  const figure = byId('row-compare', HTMLElement);
  if (identical === undefined) delete figure.dataset.identical;
  else figure.dataset.identical = String(identical);
}

/** The library's error message, or nothing. */
export function showError(message: string | undefined): void {
  const box = byId('error', HTMLElement);
  box.textContent = message ?? '';
  box.hidden = message === undefined;
}

/** One line per image of how its label was mixed, or nothing for strategies that keep labels. */
export function showLabels(lines: readonly string[] | undefined): void {
  const section = byId('labels', HTMLElement);
  section.hidden = lines === undefined;
  section
    .querySelector('ul')!
    .replaceChildren(...(lines ?? []).map((line) => h('li', { text: line })));
}
