// Builds DOM nodes for the widget. Text only ever goes in through textContent, and no
// attribute named on* can be set: the widget never turns server text into markup.
type Props = {
  class?: string;
  text?: string;
  attrs?: Record<string, string | undefined>;
};

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: Array<Node | string | undefined | false> = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setSafeAttribute(node, name, value);
  for (const child of children) if (child !== undefined && child !== false) node.append(child);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number | undefined> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) setSafeAttribute(node, name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function setSafeAttribute(node: Element, name: string, value: string | undefined): void {
  if (value === undefined) return;
  // Event-handler attributes and srcdoc would execute text; href goes through safeHref only.
  if (/^on/i.test(name) || /^(srcdoc|style)$/i.test(name)) throw new Error(`refusing attribute ${name}`);
  node.setAttribute(name, value);
}
