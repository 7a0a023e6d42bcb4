// JSON text read as it streams in, the elements of deep arrays (a state file's records) parsed by JSON.parse in
// batches (a quarter of a megabyte of text for the state file). V8 parses such a text natively: a token-by-token parser
// in JavaScript took half as long again for 200,000 users' 194 MB, and made more garbage. The containers above the
// batched arrays (a state's apps and their members) are built here token by token; the elements' text is checked by
// JSON.parse itself. The text comes as strings, not bytes: a Buffer per chunk is memory outside the heap, and V8
// answers a fast growth of that with full collections, which on a big heap are the longest pauses of all.
import { jsonErrorWithoutText } from '../emulator/index.js';

const quote = 0x22;
const quoteText = '"';
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
const endsScalar = (byte: number) =>
  isWhitespace(byte) || byte === comma || byte === closeBracket || byte === closeBrace || byte === colon;

type Expecting = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

interface Frame {
  container: unknown[] | Record<string, unknown>;
  /** The member whose value comes next (objects). */
  key: string | undefined;
  /** Elements of this array are gathered as text and parsed in batches. */
  batched: boolean;
  /** The member this container is the value of (in an object). */
  name: string | undefined;
}

/** The text of batched elements not parsed yet: from the first one's start, in pieces of the chunks it spans. */
interface Batch {
  pieces: string[];
  length: number;
  /** Where the first element starts in the current chunk (-1: in an earlier one, all of it is in `pieces`). */
  startInChunk: number;
  /** Where it starts in the whole text, for error messages. */
  offset: number;
}

/** A batched element being read: where it is in its nesting and in its strings. */
interface Element {
  kind: 'container' | 'string' | 'scalar';
  depth: number;
  inString: boolean;
  /** The batch it goes into. */
  batch: Batch;
}

export interface BatchedJsonReaderOptions {
  /** Arrays this deep (the outermost value is 0) and deeper have their elements parsed in batches. */
  batchedDepth: number;
  /** A batch is parsed once it holds this many characters of text. */
  batchLength: number;
  /**
   * Called with each batch of elements as parsed, and the member whose array they go into: where a caller makes the
   * values they repeat shared, while they are young.
   */
  onBatch?: (elements: unknown[], member: string | undefined) => void;
}

/** Thrown for text that is not JSON: what is wrong and where (a position in the text). */
export class JsonTextError extends Error {}

export class BatchedJsonReader {
  private readonly stack: Frame[] = [];
  private expecting: Expecting = 'value';
  private root: { value: unknown } | undefined;
  /** The start of a token cut by the end of the last chunk, read again with the next one. */
  private carry: string | undefined;
  private batch: Batch | undefined;
  private element: Element | undefined;
  /** A backslash ended the last chunk inside a string: the next character is escaped. */
  private escaped = false;
  /** The chunk being read, and where it starts in the whole text. */
  private chunk = '';
  private offset = 0;

  constructor(private readonly options: BatchedJsonReaderOptions) {}

  /**
   * Reads the next chunk of the text (from a StringDecoder: a chunk of text may end inside a character); throws a
   * JsonTextError at the first character that is not JSON.
   */
  write(chunk: string): void {
    let text = chunk;
    if (this.carry) {
      text = this.carry + chunk;
      this.offset -= this.carry.length;
      this.carry = undefined;
    }
    this.chunk = text;
    let at = 0;
    while (at < text.length) {
      if (this.element) {
        at = this.readElement(text, at, this.element);
        continue;
      }
      const byte = text.charCodeAt(at);
      if (isWhitespace(byte)) {
        at++;
        continue;
      }
      const next = this.readToken(text, at);
      if (next === -1) {
        this.carry = text.slice(at);
        break;
      }
      at = next;
    }
    // What a batch holds of this chunk stays in it; the next chunk's text follows. (No token is carried over while a
    // batch is open: its elements are read across chunks, and the rest of its tokens are single text.)
    if (this.batch) {
      const piece = text.slice(this.batch.startInChunk === -1 ? 0 : this.batch.startInChunk);
      this.batch.pieces.push(piece);
      this.batch.length += piece.length;
      this.batch.startInChunk = -1;
    }
    this.offset += text.length;
  }

  /** The value, once the text is all read; throws a JsonTextError when it stops short. */
  end(): unknown {
    if (this.carry && this.expecting === 'value' && this.stack.length === 0) {
      // A number or literal alone, which no delimiter ended.
      const carried = this.carry;
      this.carry = undefined;
      this.finishValue(this.parse(carried, this.offset));
    }
    if (!this.root || this.expecting !== 'end' || this.carry || this.element) {
      throw new JsonTextError('Unexpected end of JSON input');
    }
    return this.root.value;
  }

  /** Reads the token at `at`; the index after it, or -1 when the chunk ends inside it. */
  private readToken(text: string, at: number): number {
    const byte = text.charCodeAt(at);
    switch (this.expecting) {
      case 'end':
        throw this.unexpected('non-whitespace character after JSON', at);
      case 'colon':
        if (byte !== colon) throw this.unexpected(`token ${this.show(byte)}, a colon was expected`, at);
        this.expecting = 'value';
        return at + 1;
      case 'commaOrClose': {
        const inArray = Array.isArray(this.frame().container);
        if (byte === comma) {
          this.expecting = inArray ? 'value' : 'key';
          return at + 1;
        }
        if (byte === (inArray ? closeBracket : closeBrace)) return this.close(at);
        throw this.unexpected(`token ${this.show(byte)}, a comma or the end of the container was expected`, at);
      }
      case 'keyOrClose':
      case 'key': {
        if (byte === closeBrace && this.expecting === 'keyOrClose') return this.close(at);
        if (byte !== quote) throw this.unexpected(`token ${this.show(byte)}, a member name was expected`, at);
        const end = this.stringEnd(text, at + 1);
        if (end === -1) return this.carried();
        this.frame().key = this.parse(text.slice(at, end), this.offset + at) as string;
        this.expecting = 'colon';
        return end;
      }
      case 'valueOrClose':
      case 'value': {
        if (byte === closeBracket && this.expecting === 'valueOrClose') return this.close(at);
        if (byte === closeBracket || byte === closeBrace || byte === comma || byte === colon) {
          throw this.unexpected(`token ${this.show(byte)}, a value was expected`, at);
        }
        if (this.stack.at(-1)?.batched) return this.startElement(text, at);
        if (byte === openBrace || byte === openBracket) {
          const parent = this.stack.at(-1);
          this.stack.push({
            name: parent && !Array.isArray(parent.container) ? parent.key : undefined,
            container: byte === openBrace ? {} : [],
            key: undefined,
            batched: byte === openBracket && this.stack.length >= this.options.batchedDepth,
          });
          this.expecting = byte === openBrace ? 'keyOrClose' : 'valueOrClose';
          return at + 1;
        }
        let end: number;
        if (byte === quote) end = this.stringEnd(text, at + 1);
        else {
          end = at;
          while (end < text.length && !endsScalar(text.charCodeAt(end))) end++;
          if (end === text.length) end = -1;
        }
        if (end === -1) return this.carried();
        this.finishValue(this.parse(text.slice(at, end), this.offset + at));
        return end;
      }
    }
  }

  /** The chunk ended inside a token: it is read again, from its start, with the next chunk. */
  private carried(): number {
    this.escaped = false;
    return -1;
  }

  /** The container being read (where a member name, a comma or a close was expected, there is one). */
  private frame(): Frame {
    const top = this.stack.at(-1);
    if (!top) throw new JsonTextError('Unexpected state of the JSON reader');
    return top;
  }

  /** Ends the container on top at its closing character (`at`), parsing what is left of its batch. */
  private close(at: number): number {
    const frame = this.frame();
    if (this.batch) this.parseBatch(frame, this.batchText(at, this.batch));
    this.stack.pop();
    this.finishValue(frame.container);
    return at + 1;
  }

  private finishValue(value: unknown): void {
    const top = this.stack.at(-1);
    if (!top) {
      this.root = { value };
      this.expecting = 'end';
      return;
    }
    if (Array.isArray(top.container)) top.container.push(value);
    else if (top.key === '__proto__') {
      // An own member, as JSON.parse makes it, never the object's prototype.
      Object.defineProperty(top.container, top.key, { value, writable: true, enumerable: true, configurable: true });
    } else top.container[top.key as string] = value;
    this.expecting = 'commaOrClose';
  }

  /** Starts reading a batched element at `at`, and a batch if none is open. */
  private startElement(text: string, at: number): number {
    this.batch ??= { pieces: [], length: 0, startInChunk: at, offset: this.offset + at };
    const byte = text.charCodeAt(at);
    const kind = byte === quote ? 'string' : byte === openBrace || byte === openBracket ? 'container' : 'scalar';
    this.element = { kind, depth: kind === 'container' ? 1 : 0, inString: kind === 'string', batch: this.batch };
    return this.readElement(text, at + 1, this.element);
  }

  /** Reads on in the batched element from `at`; the index after it, or the chunk's length when it goes on. */
  private readElement(text: string, from: number, element: Element): number {
    let at = from;
    while (at < text.length) {
      if (element.inString) {
        const end = this.stringEnd(text, at);
        if (end === -1) return text.length;
        element.inString = false;
        at = end;
        if (element.kind === 'string') return this.endElement(at, element.batch);
        continue;
      }
      const byte = text.charCodeAt(at);
      if (element.kind === 'scalar') {
        if (endsScalar(byte)) return this.endElement(at, element.batch);
        at++;
        continue;
      }
      at++;
      if (byte === quote) element.inString = true;
      else if (byte === openBrace || byte === openBracket) element.depth++;
      else if ((byte === closeBrace || byte === closeBracket) && --element.depth === 0) {
        return this.endElement(at, element.batch);
      }
    }
    return text.length;
  }

  /** The element ended before `at`: the batch is parsed once it is long enough. */
  private endElement(at: number, batch: Batch): number {
    this.element = undefined;
    this.expecting = 'commaOrClose';
    const inChunk = at - (batch.startInChunk === -1 ? 0 : batch.startInChunk);
    if (batch.length + inChunk >= this.options.batchLength) this.parseBatch(this.frame(), this.batchText(at, batch));
    return at;
  }

  /** The batch's text up to `end` in the current chunk, as an array; the batch is closed. */
  private batchText(end: number, batch: Batch): { text: string; offset: number } {
    this.batch = undefined;
    const tail = this.chunk.slice(batch.startInChunk === -1 ? 0 : batch.startInChunk, end);
    return { text: `[${batch.pieces.join('')}${tail}]`, offset: batch.offset };
  }

  private parseBatch(frame: Frame, { text, offset }: { text: string; offset: number }): void {
    const elements = this.parse(text, offset) as unknown[];
    this.options.onBatch?.(elements, frame.name);
    const list = frame.container as unknown[];
    for (const element of elements) list.push(element);
  }

  /**
   * Where the string whose text starts at `from` ends (after its closing quote), or -1 when the chunk ends first (and
   * whether its last byte escapes the next one's first).
   */
  private stringEnd(text: string, from: number): number {
    let at = from;
    if (this.escaped) {
      this.escaped = false;
      at++;
    }
    for (;;) {
      const found = text.indexOf(quoteText, at);
      const end = found === -1 ? text.length : found;
      let backslashes = 0;
      for (let before = end - 1; before >= at && text.charCodeAt(before) === backslash; before--) backslashes++;
      if (found === -1) {
        this.escaped = backslashes % 2 === 1;
        return -1;
      }
      if (backslashes % 2 === 0) return found + 1;
      at = found + 1;
    }
  }

  private parse(text: string, offset: number): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonTextError(`${jsonErrorWithoutText(error)}, in the text from position ${offset}`);
    }
  }

  private show(byte: number): string {
    return JSON.stringify(String.fromCharCode(byte));
  }

  private unexpected(what: string, at: number): JsonTextError {
    return new JsonTextError(`Unexpected ${what} at position ${this.offset + at}`);
  }
}
