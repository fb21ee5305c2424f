// Tiny DOM helpers. Text from PostHog only ever becomes text nodes or attribute values: no innerHTML anywhere.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

export function icon(name: string): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A button with a codicon; icon-only buttons get their label as aria-label and tooltip. */
export function button(
  label: string,
  options: { icon?: string; iconOnly?: boolean; primary?: boolean; onClick: () => void },
): HTMLButtonElement {
  const classes = ['button', options.primary ? 'primary' : 'secondary', options.iconOnly ? 'icon-only' : '']
    .filter(Boolean)
    .join(' ');
  const b = el(
    'button',
    { type: 'button', class: classes, title: label, 'aria-label': options.iconOnly ? label : undefined },
    options.icon ? icon(options.icon) : null,
    options.iconOnly ? null : el('span', {}, label),
  );
  b.addEventListener('click', options.onClick);
  return b;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (charts): attributes set as given, children appended; no markup is ever parsed. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}
