import { type Availability, BACKENDS, type BackendEntry } from './backends.js';
import { h } from './dom.js';

export const NO_COMPARISON = 'none';

export interface BackendPanel {
  /** The backend the augmented row runs on. */
  selected(): BackendEntry;
  /** The backend of the comparison row, if one is chosen. */
  comparison(): BackendEntry | undefined;
  /** Shows how long the last call on a backend took. */
  showTime(entry: BackendEntry, milliseconds: number): void;
  /** Resolves once every backend has said whether this browser can run it. */
  readonly probed: Promise<void>;
}

/**
 * The backend switch: a radio button per entry of BACKENDS, with whether this browser
 * can run it and the time its last call took, and the select of the comparison row.
 * Backends the browser cannot run are shown, disabled, with the reason.
 */
export function backendPanel(
  list: HTMLElement,
  compare: HTMLSelectElement,
  initial: { readonly backend: string; readonly compare: string },
  onChange: () => void,
): BackendPanel {
  const times = new Map<string, HTMLElement>();
  const rows = BACKENDS.map((entry) => {
    const radio = h('input', {
      type: 'radio',
      name: 'backend',
      value: entry.id,
      checked: entry.id === initial.backend,
    });
    const status = h('span', { class: 'status', text: 'checking…' });
    const time = h('span', { class: 'time' });
    times.set(entry.id, time);
    list.append(
      h('label', { class: 'backend', 'data-backend': entry.id }, [
        radio,
        h('span', { class: 'label', text: entry.label }),
        status,
        time,
      ]),
    );
    return { entry, radio, status };
  });
  compare.append(
    h('option', { value: NO_COMPARISON, text: 'nothing' }),
    ...BACKENDS.map((entry) => h('option', { value: entry.id, text: entry.label })),
  );
  compare.value = initial.compare;
  list.addEventListener('change', onChange);
  compare.addEventListener('change', onChange);

  const probed = Promise.all(
    rows.map(async ({ entry, radio, status }) => {
      const availability: Availability = await entry
        .isAvailable()
        .catch((error: unknown) => ({ ok: false, reason: String(error) }));
      status.textContent = availability.ok ? 'available' : `unavailable: ${availability.reason}`;
      status.classList.add(availability.ok ? 'ok' : 'missing');
      radio.disabled = !availability.ok;
      const option = [...compare.options].find((o) => o.value === entry.id);
      if (option) option.disabled = !availability.ok;
    }),
  ).then(() => {
    // A choice this browser cannot run (from the query string, say) falls back to the first.
    if (!rows.some(({ radio }) => radio.checked && !radio.disabled)) rows[0]!.radio.checked = true;
    if (compare.selectedOptions[0]?.disabled || compare.selectedIndex < 0) {
      compare.value = NO_COMPARISON;
    }
  });

  return {
    probed,
    selected: () => (rows.find(({ radio }) => radio.checked) ?? rows[0]!).entry,
    comparison: () => BACKENDS.find((entry) => entry.id === compare.value),
    showTime(entry, milliseconds) {
      const time = times.get(entry.id);
      if (time) time.textContent = `last call ${formatMilliseconds(milliseconds)}`;
    },
  };
}

export function formatMilliseconds(milliseconds: number): string {
  return milliseconds < 10 ? `${milliseconds.toFixed(1)} ms` : `${Math.round(milliseconds)} ms`;
}
