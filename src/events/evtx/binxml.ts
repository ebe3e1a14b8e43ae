/**
 * Binary XML ([MS-EVEN6] BinXml) as EVTX stores it: tokens → a small node tree whose
 * substitutions still point at template values. Template definitions are parsed once per chunk
 * and shared by every record that references them.
 * @module
 */

import { readUtf16 } from './text.ts';
import { type RawValue, ValueType } from './values.ts';

export const CHUNK_SIZE = 0x10000;

export interface Substitution {
  kind: 'sub';
  index: number;
  optional: boolean;
}
export type TextPart = string | Substitution;
export interface AttributeNode {
  name: string;
  parts: TextPart[];
}
export interface ElementNode {
  kind: 'element';
  name: string;
  attributes: AttributeNode[];
  children: ContentNode[];
}
export interface TemplateInstance {
  kind: 'instance';
  template: ContentNode[];
  values: RawValue[];
}
export type ContentNode = string | Substitution | ElementNode | TemplateInstance;

/** Thrown inside the parser; the reader turns it into a `skipped` entry for the record. */
export class BinXmlError extends Error {}

const Token = {
  EndOfFile: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CData: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
} as const;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Deep enough for real events (nested BinXml inside UserData), shallow enough to stop loops. */
const MAX_DEPTH = 64;

/** Per-chunk state: the file bytes, where the chunk starts, and what was already decoded. */
export class ChunkContext {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, ContentNode[] | null>();
  readonly end: number;
  constructor(
    readonly bytes: Uint8Array,
    readonly view: DataView,
    readonly base: number,
  ) {
    this.end = Math.min(base + CHUNK_SIZE, bytes.length);
  }
}

/** Reads one BinXml stream; positions are absolute in the file, offsets in tokens chunk-relative. */
export class BinXmlParser {
  private pos: number;
  private depth = 0;

  constructor(
    private readonly ctx: ChunkContext,
    start: number,
    private readonly limit: number,
  ) {
    this.pos = start;
  }

  get position(): number {
    return this.pos;
  }

  private fail(why: string): never {
    throw new BinXmlError(`${why} at chunk offset 0x${(this.pos - this.ctx.base).toString(16)}`);
  }

  private need(n: number): void {
    if (this.pos + n > this.limit) this.fail('binary XML runs past its end');
  }

  private u8(): number {
    this.need(1);
    return this.ctx.bytes[this.pos++] as number;
  }

  private u16(): number {
    this.need(2);
    const v = this.ctx.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.ctx.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private peek(): number {
    this.need(1);
    return this.ctx.bytes[this.pos] as number;
  }

  /**
   * A fragment: header, then elements or template instances, up to the end-of-file token.
   * `withDependency` is false for BinXml carried in a substitution value (type 0x21), whose
   * element starts omit the dependency identifier.
   */
  readFragment(withDependency: boolean): ContentNode[] {
    const nodes: ContentNode[] = [];
    while (this.pos < this.limit) {
      const token = this.peek();
      if (token === Token.EndOfFile) {
        this.pos++;
        break;
      }
      if (token === Token.FragmentHeader) {
        this.need(4);
        this.pos += 4;
      } else if (token === Token.TemplateInstance) {
        nodes.push(this.readTemplateInstance());
      } else if ((token & 0x1f) === Token.OpenStartElement) {
        nodes.push(this.readElement(withDependency));
      } else if ((token & 0x1f) === Token.PITarget || token === Token.PIData) {
        this.skipPI();
      } else {
        this.fail(`unexpected token 0x${token.toString(16)} in fragment`);
      }
    }
    return nodes;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('binary XML nests too deep');
  }

  /** A name by chunk offset; when the offset is the current position the name is stored inline here. */
  private readName(): string {
    const offset = this.u32();
    const ctx = this.ctx;
    const at = ctx.base + offset;
    const inline = at === this.pos;
    let name = ctx.names.get(offset);
    if (name === undefined) {
      if (offset < 0x200 || at + 8 > ctx.end)
        this.fail(`name offset 0x${offset.toString(16)} outside the chunk`);
      const chars = ctx.view.getUint16(at + 6, true);
      if (at + 8 + chars * 2 > ctx.end) this.fail('name runs past the chunk');
      name = readUtf16(ctx.bytes, at + 8, chars);
      ctx.names.set(offset, name);
    }
    if (inline) {
      this.need(8);
      this.pos += 10 + ctx.view.getUint16(this.pos + 6, true) * 2;
    }
    return name;
  }

  /** Whether a name offset at `at` points at a plausible name inside this chunk. */
  private plausibleNameAt(at: number): boolean {
    if (at + 4 > this.limit) return false;
    const offset = this.ctx.view.getUint32(at, true);
    return offset >= 0x200 && offset < CHUNK_SIZE && this.ctx.base + offset + 8 <= this.ctx.end;
  }

  private readElement(withDependency: boolean): ElementNode {
    this.enter();
    const token = this.u8();
    // Element starts inside substituted BinXml omit the 2-byte dependency id; when the expected
    // layout does not give a plausible name offset, the other one is tried.
    let dependency = withDependency;
    if (
      !this.plausibleNameAt(this.pos + (dependency ? 6 : 4)) &&
      this.plausibleNameAt(this.pos + (dependency ? 4 : 6))
    ) {
      dependency = !dependency;
    }
    if (dependency) this.u16();
    this.u32(); // data size: not needed, the tokens delimit the element
    const name = this.readName();
    const attributes: AttributeNode[] = [];
    if (token & 0x40) {
      const listSize = this.u32();
      const listEnd = Math.min(this.pos + listSize, this.limit);
      while (this.pos < listEnd && (this.peek() & 0x1f) === Token.Attribute) {
        this.pos++;
        const attrName = this.readName();
        attributes.push({ name: attrName, parts: this.readTextParts(listEnd) });
      }
      this.pos = Math.max(this.pos, listEnd);
    }
    const element: ElementNode = { kind: 'element', name, attributes, children: [] };
    const close = this.u8();
    if (close === Token.CloseEmptyElement) {
      this.depth--;
      return element;
    }
    if (close !== Token.CloseStartElement)
      this.fail(`unexpected token 0x${close.toString(16)} after element start`);
    this.readContent(element.children, withDependency);
    this.depth--;
    return element;
  }

  /** Attribute values: text, substitutions and references, until something else starts. */
  private readTextParts(end: number): TextPart[] {
    const parts: TextPart[] = [];
    while (this.pos < end) {
      const part = this.readTextPart(this.peek());
      if (part === undefined) break;
      parts.push(part);
    }
    return parts;
  }

  private readTextPart(token: number): TextPart | undefined {
    switch (token & 0x1f) {
      case Token.Value: {
        this.pos++;
        const type = this.u8();
        if (type !== ValueType.String) this.fail(`value text of type 0x${type.toString(16)}`);
        return this.readLengthPrefixedUtf16();
      }
      case Token.NormalSubstitution:
      case Token.OptionalSubstitution: {
        this.pos++;
        const index = this.u16();
        this.u8(); // declared type: the instance's value descriptor is what counts
        return { kind: 'sub', index, optional: (token & 0x1f) === Token.OptionalSubstitution };
      }
      case Token.CharRef:
        this.pos++;
        return String.fromCharCode(this.u16());
      case Token.EntityRef: {
        this.pos++;
        const name = this.readName();
        return ENTITIES[name] ?? `&${name};`;
      }
      default:
        return undefined;
    }
  }

  private readLengthPrefixedUtf16(): string {
    const chars = this.u16();
    this.need(chars * 2);
    const s = readUtf16(this.ctx.bytes, this.pos, chars);
    this.pos += chars * 2;
    return s;
  }

  private skipPI(): void {
    const token = this.u8();
    if (token === Token.PIData) this.readLengthPrefixedUtf16();
    else this.readName();
  }

  private readContent(children: ContentNode[], withDependency: boolean): void {
    for (;;) {
      const token = this.peek();
      const base = token & 0x1f;
      if (base === Token.EndElement) {
        this.pos++;
        return;
      }
      if (base === Token.OpenStartElement) {
        children.push(this.readElement(withDependency));
      } else if (base === Token.CData) {
        this.pos++;
        children.push(this.readLengthPrefixedUtf16());
      } else if (base === Token.TemplateInstance) {
        children.push(this.readTemplateInstance());
      } else if (base === Token.PITarget || base === Token.PIData) {
        this.skipPI();
      } else {
        const part = this.readTextPart(token);
        if (part === undefined) this.fail(`unexpected token 0x${token.toString(16)} in element content`);
        children.push(part);
      }
    }
  }

  /** A template instance: its definition (inline the first time, by offset afterwards) and its values. */
  private readTemplateInstance(): TemplateInstance {
    this.enter();
    this.pos++; // token
    this.u8();
    this.u32(); // template id
    const defOffset = this.u32();
    const ctx = this.ctx;
    let template: ContentNode[] | null | undefined;
    if (ctx.base + defOffset === this.pos) {
      this.need(24);
      const dataSize = ctx.view.getUint32(this.pos + 20, true);
      const dataStart = this.pos + 24;
      const dataEnd = dataStart + dataSize;
      if (dataEnd > this.limit) this.fail('template definition runs past its end');
      template = ctx.templates.get(defOffset) ?? this.readDefinition(defOffset, dataStart, dataEnd);
      this.pos = dataEnd;
    } else {
      template = ctx.templates.get(defOffset);
      if (template === undefined) template = this.readDefinitionAt(defOffset);
    }
    if (template === null)
      this.fail(
        `template definition at 0x${defOffset.toString(16)} is unreadable (wiped, damaged or self-referencing)`,
      );
    const values = this.readValues();
    this.depth--;
    return { kind: 'instance', template, values };
  }

  private readDefinitionAt(defOffset: number): ContentNode[] | null {
    const ctx = this.ctx;
    const at = ctx.base + defOffset;
    if (defOffset < 0x200 || at + 24 > ctx.end)
      this.fail(`template offset 0x${defOffset.toString(16)} outside the chunk`);
    const dataStart = at + 24;
    const dataEnd = dataStart + ctx.view.getUint32(at + 20, true);
    if (dataEnd > ctx.end) this.fail('template definition runs past the chunk');
    return this.readDefinition(defOffset, dataStart, dataEnd);
  }

  private readDefinition(defOffset: number, start: number, end: number): ContentNode[] | null {
    const ctx = this.ctx;
    // Marked before parsing so a definition that refers to itself fails instead of looping.
    ctx.templates.set(defOffset, null);
    const sub = new BinXmlParser(ctx, start, end);
    sub.depth = this.depth;
    const nodes = sub.readFragment(true);
    if (!nodes.some((n) => typeof n === 'object' && n.kind !== 'sub')) {
      this.fail(
        `template definition at 0x${defOffset.toString(16)} is empty (that part of the chunk is wiped or damaged)`,
      );
    }
    ctx.templates.set(defOffset, nodes);
    return nodes;
  }

  private readValues(): RawValue[] {
    const count = this.u32();
    if (count * 4 > this.limit - this.pos) this.fail(`template instance claims ${count} values`);
    const values: RawValue[] = new Array(count);
    const view = this.ctx.view;
    let dataAt = this.pos + count * 4;
    for (let i = 0; i < count; i++) {
      const size = view.getUint16(this.pos + i * 4, true);
      const type = this.ctx.bytes[this.pos + i * 4 + 2] as number;
      values[i] = { type, start: dataAt, size };
      dataAt += size;
    }
    if (dataAt > this.limit) this.fail('template values run past the record');
    this.pos = dataAt;
    return values;
  }
}

/** Parses BinXml carried as a substitution value (type 0x21). */
export function readNestedBinXml(ctx: ChunkContext, value: RawValue, depth: number): ContentNode[] {
  if (depth > MAX_DEPTH) throw new BinXmlError('binary XML nests too deep');
  const parser = new BinXmlParser(ctx, value.start, value.start + value.size);
  return parser.readFragment(false);
}
