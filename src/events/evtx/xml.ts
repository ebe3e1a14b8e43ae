/**
 * Rendered event trees → XML text, indented like `wevtutil` and `evtxexport` print events.
 * @module
 */
import type { XElement, XNode } from './instantiate.ts';

const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

function write(node: XElement, indent: string, out: string[]): void {
  let open = `${indent}<${node.name}`;
  for (const [name, value] of node.attributes) open += ` ${name}="${escapeAttribute(value)}"`;
  if (node.name === 'Event' && indent === '' && !node.attributes.some(([name]) => name === 'xmlns')) {
    open += ` xmlns="${EVENT_NAMESPACE}"`;
  }
  if (node.children.length === 0) {
    out.push(`${open}/>`);
    return;
  }
  if (node.children.every((c) => typeof c === 'string')) {
    out.push(`${open}>${escapeText((node.children as string[]).join(''))}</${node.name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const child of node.children) {
    if (typeof child === 'string') {
      if (child.trim()) out.push(`${indent}  ${escapeText(child)}`);
    } else {
      write(child, `${indent}  `, out);
    }
  }
  out.push(`${indent}</${node.name}>`);
}

/** The XML of one rendered event (or any element tree). */
export function renderXml(nodes: XNode[]): string {
  const out: string[] = [];
  for (const node of nodes) {
    if (typeof node === 'string') out.push(escapeText(node));
    else write(node, '', out);
  }
  return out.join('\n');
}
