/**
 * Template instances → plain element trees: every substitution replaced by its value's text,
 * array values repeating their element, optional substitutions without a value dropping their
 * element or attribute, and BinXml values (0x21) expanded in place.
 * @module
 */
import {
  BinXmlError,
  type ChunkContext,
  type ContentNode,
  type ElementNode,
  readNestedBinXml,
  type TextPart,
} from './binxml.ts';
import { arrayItems, formatScalar, type RawValue, ValueType } from './values.ts';

/** An element of the rendered event. */
export interface XElement {
  name: string;
  attributes: [string, string][];
  children: XNode[];
}
export type XNode = XElement | string;

const NO_VALUES: RawValue[] = [];

/**
 * Templates may be shared by several instances inside one another, so a crafted file could
 * expand exponentially; real events have a few hundred elements at most.
 */
const MAX_ELEMENTS_PER_RECORD = 50_000;

/** An item that stands for an empty array, so its element is still written once (and empty). */
const EMPTY_ITEM: RawValue = { type: ValueType.Null, start: 0, size: 0 };

export class Instantiator {
  private depth = 0;
  private elements = 0;
  constructor(private readonly ctx: ChunkContext) {}

  /** Top-level nodes of a record or nested fragment. */
  render(nodes: ContentNode[], values: RawValue[] = NO_VALUES): XNode[] {
    this.elements = 0;
    const out: XNode[] = [];
    for (const node of nodes) this.renderNode(node, values, out);
    return out;
  }

  private renderNode(node: ContentNode, values: RawValue[], out: XNode[]): void {
    if (typeof node === 'string') {
      out.push(node);
    } else if (node.kind === 'element') {
      this.renderElement(node, values, out);
    } else if (node.kind === 'instance') {
      this.nested(() => {
        for (const child of node.template) this.renderNode(child, node.values, out);
      });
    } else {
      const value = values[node.index];
      if (value === undefined || value.type === ValueType.Null) return;
      if (value.type === ValueType.BinXml) {
        this.nested(() => {
          for (const child of readNestedBinXml(this.ctx, value, this.depth))
            this.renderNode(child, NO_VALUES, out);
        });
      } else {
        out.push(this.text(value));
      }
    }
  }

  private nested(run: () => void): void {
    this.depth++;
    try {
      run();
    } finally {
      this.depth--;
    }
  }

  private text(value: RawValue): string {
    if (value.type & ValueType.ArrayFlag)
      return arrayItems(this.ctx.bytes, value)
        .map((v) => this.text(v))
        .join(',');
    if (value.type === ValueType.BinXml) return '';
    return formatScalar(this.ctx.bytes, this.ctx.view, value);
  }

  private renderElement(node: ElementNode, values: RawValue[], out: XNode[]): void {
    // An element whose content is an array substitution is written once per array item.
    let arrayIndex = -1;
    for (const child of node.children) {
      if (typeof child === 'object' && child.kind === 'sub') {
        const value = values[child.index];
        if (child.optional && (value === undefined || value.type === ValueType.Null)) return;
        if (value && value.type & ValueType.ArrayFlag) arrayIndex = child.index;
      }
    }
    if (arrayIndex < 0) {
      out.push(this.buildElement(node, values));
      return;
    }
    const array = values[arrayIndex] as RawValue;
    const items = arrayItems(this.ctx.bytes, array);
    if (items.length === 0) items.push(EMPTY_ITEM);
    for (const item of items) {
      const itemValues = values.slice();
      itemValues[arrayIndex] = item;
      out.push(this.buildElement(node, itemValues));
    }
  }

  private buildElement(node: ElementNode, values: RawValue[]): XElement {
    if (++this.elements > MAX_ELEMENTS_PER_RECORD)
      throw new BinXmlError(`the record expands to more than ${MAX_ELEMENTS_PER_RECORD} elements`);
    const attributes: [string, string][] = [];
    for (const attribute of node.attributes) {
      const value = this.attributeText(attribute.parts, values);
      if (value !== null) attributes.push([attribute.name, value]);
    }
    const children: XNode[] = [];
    for (const child of node.children) this.renderNode(child, values, children);
    return { name: node.name, attributes, children };
  }

  /** Null when an optional substitution has no value: the attribute is left out. */
  private attributeText(parts: TextPart[], values: RawValue[]): string | null {
    let s = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        s += part;
        continue;
      }
      const value = values[part.index];
      if (value === undefined || value.type === ValueType.Null) {
        if (part.optional) return null;
        continue;
      }
      s += this.text(value);
    }
    return s;
  }
}

/** The concatenated text directly inside an element. */
export function textOf(element: XElement): string {
  let s = '';
  for (const child of element.children) if (typeof child === 'string') s += child;
  return s;
}

export function attributeOf(element: XElement, name: string): string | undefined {
  for (const [key, value] of element.attributes) if (key === name) return value;
  return undefined;
}

export function childNamed(element: XElement, name: string): XElement | undefined {
  for (const child of element.children) if (typeof child !== 'string' && child.name === name) return child;
  return undefined;
}
