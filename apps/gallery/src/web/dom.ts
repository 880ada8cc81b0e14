/** Attributes of an element; `class` and `text` are shorthands, the rest setAttribute. */
type Props = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Creates an element: `h('input', { type: 'checkbox', checked: true })`. Booleans are
 * set as properties (checked, disabled), so they hold after user input too.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') element.className = String(value);
    else if (key === 'text') element.textContent = String(value);
    else if (typeof value === 'boolean')
      (element as unknown as Record<string, boolean>)[key] = true;
    else element.setAttribute(key, String(value));
  }
  element.append(...children);
  return element;
}

/** The element with this id; throws if index.html lacks it, which is a bug of the page. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html has no <${type.name}> #${id}`);
  return element;
}
