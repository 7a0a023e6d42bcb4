// The text of a JSON body as the server's reader (System.Text.Json's Utf8JsonReader with ASP.NET's settings) reads it:
// RFC 8259 JSON, no comments, no trailing commas, one value, and at most 64 levels of objects and arrays. checkJsonText
// finds what the reader refuses; JsonText then walks text that passed, for the binder, which reads only the members
// it binds (the others are skipped, as the server skips them) and keeps the text as sent where the server keeps it
// (a number's digits, an object written into a string member). Nothing here recurses on the depth of the input.

/** System.Text.Json's default JsonReaderOptions.MaxDepth, which ASP.NET keeps. */
export const maxJsonDepth = 64;

const Char = {
  Tab: 0x09,
  LineFeed: 0x0a,
  CarriageReturn: 0x0d,
  Space: 0x20,
  Quote: 0x22,
  Plus: 0x2b,
  Comma: 0x2c,
  Minus: 0x2d,
  Period: 0x2e,
  Zero: 0x30,
  Nine: 0x39,
  Colon: 0x3a,
  OpenBracket: 0x5b,
  Backslash: 0x5c,
  CloseBracket: 0x5d,
  LowerE: 0x65,
  UpperE: 0x45,
  OpenBrace: 0x7b,
  CloseBrace: 0x7d,
} as const;

const isWhitespace = (c: number) =>
  c === Char.Space || c === Char.LineFeed || c === Char.CarriageReturn || c === Char.Tab;
const isDigit = (c: number) => c >= Char.Zero && c <= Char.Nine;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Where a problem is, as the reader says it: the line (from 0) and the UTF-8 byte in that line. */
function position(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const line = text.slice(0, lineStart).split('\n').length - 1;
  const byte = new TextEncoder().encode(text.slice(lineStart, index)).length;
  return `LineNumber: ${line} | BytePositionInLine: ${byte}.`;
}

const correctlyEscaped = 'The string should be correctly escaped.';
const digit = "Expected a digit ('0'-'9').";

function failAt(text: string, index: number, what: string): string {
  return `${what} ${position(text, index)}`;
}

const shown = (text: string, index: number) =>
  index < text.length ? `'${text.charAt(index)}'` : 'The end of the data';

/** What the server's reader refuses in the text, in its words; undefined when it reads the whole text. */
export function checkJsonText(text: string): string | undefined {
  const stack: number[] = [];
  let i = skipWhitespace(text, 0);
  if (i === text.length) {
    return failAt(
      text,
      i,
      'The input does not contain any JSON tokens. Expected the input to start with a valid JSON token.',
    );
  }
  let expectKey = false;
  for (;;) {
    // One value (or, in an object, one member) per turn.
    if (expectKey) {
      if (text.charCodeAt(i) !== Char.Quote)
        return failAt(text, i, `${shown(text, i)} is an invalid start of a property name. Expected a '"'.`);
      const end = stringEnd(text, i);
      if (typeof end === 'string') return failAt(text, i, end);
      i = skipWhitespace(text, end);
      if (text.charCodeAt(i) !== Char.Colon)
        return failAt(text, i, `${shown(text, i)} is invalid after a property name. Expected a ':'.`);
      i = skipWhitespace(text, i + 1);
      expectKey = false;
    }
    const c = text.charCodeAt(i);
    if (c === Char.OpenBrace || c === Char.OpenBracket) {
      if (stack.length >= maxJsonDepth) {
        const kind = c === Char.OpenBrace ? 'object' : 'array';
        return failAt(
          text,
          i,
          `The maximum configured depth of ${maxJsonDepth} has been exceeded. Cannot read next JSON ${kind}.`,
        );
      }
      stack.push(c);
      i = skipWhitespace(text, i + 1);
      const close = c === Char.OpenBrace ? Char.CloseBrace : Char.CloseBracket;
      if (text.charCodeAt(i) !== close) {
        expectKey = c === Char.OpenBrace;
        continue;
      }
      stack.pop();
      i += 1;
    } else {
      const end = scalarEnd(text, i);
      if (typeof end === 'string') return failAt(text, i, end);
      i = end;
    }
    // After a value: the end of the text, or a comma or the close of the container it is in.
    for (;;) {
      i = skipWhitespace(text, i);
      const container = stack.at(-1);
      if (container === undefined) {
        return i === text.length
          ? undefined
          : failAt(text, i, `${shown(text, i)} is invalid after a single JSON value. Expected end of data.`);
      }
      const next = text.charCodeAt(i);
      const close = container === Char.OpenBrace ? Char.CloseBrace : Char.CloseBracket;
      if (next === close) {
        stack.pop();
        i += 1;
        continue;
      }
      if (next !== Char.Comma) {
        if (i === text.length) {
          return failAt(
            text,
            i,
            'Expected depth to be zero at the end of the JSON payload. ' +
              'There is an open JSON object or array that should be closed.',
          );
        }
        return failAt(text, i, `${shown(text, i)} is invalid after a value. Expected either ',', '}', or ']'.`);
      }
      i = skipWhitespace(text, i + 1);
      const following = text.charCodeAt(i);
      if (following === Char.CloseBrace || following === Char.CloseBracket) {
        return failAt(
          text,
          i,
          `${shown(text, i)} is an invalid start of a value: the reader allows no trailing comma.`,
        );
      }
      expectKey = container === Char.OpenBrace;
      break;
    }
  }
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** The end of a string, number or literal starting at `i`, or what is wrong with it. */
function scalarEnd(text: string, i: number): number | string {
  const c = text.charCodeAt(i);
  if (c === Char.Quote) return stringEnd(text, i);
  if (c === Char.Minus || isDigit(c)) return numberEnd(text, i);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, i))
      return delimited(text, i + literal.length, `'${literal}' is invalid: expected a delimiter after it.`);
  }
  if (i >= text.length) return 'Expected a value, but the data ended.';
  return `${shown(text, i)} is an invalid start of a value.`;
}

function delimited(text: string, end: number, message: string): number | string {
  if (end >= text.length) return end;
  const c = text.charCodeAt(end);
  return isWhitespace(c) || c === Char.Comma || c === Char.CloseBrace || c === Char.CloseBracket ? end : message;
}

function stringEnd(text: string, start: number): number | string {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.Quote) return i + 1;
    if (c < Char.Space) {
      const code = c.toString(16).padStart(2, '0').toUpperCase();
      return `'0x${code}' is invalid within a JSON string. ${correctlyEscaped}`;
    }
    if (c === Char.Backslash) {
      const escaped = text.charAt(i + 1);
      if (escaped === 'u') {
        for (let h = i + 2; h < i + 6; h++) {
          if (!isHex(text.charCodeAt(h)))
            return `'${text.charAt(h)}' is not a hex digit following '\\u' within a JSON string.`;
        }
        i += 5;
      } else if (escaped in escapes) {
        i += 1;
      } else {
        return `'${escaped}' is an invalid escapable character within a JSON string. ${correctlyEscaped}`;
      }
    }
  }
  return 'Expected end of string, but instead reached end of data.';
}

function numberEnd(text: string, start: number): number | string {
  let i = start;
  if (text.charCodeAt(i) === Char.Minus) i++;
  if (!isDigit(text.charCodeAt(i)))
    return `'${text.charAt(i)}' is invalid within a number, immediately after a sign character ('+' or '-'). ${digit}`;
  if (text.charCodeAt(i) === Char.Zero) {
    i++;
    if (isDigit(text.charCodeAt(i))) return `Invalid leading zero before '${text.charAt(i)}'.`;
  } else {
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) === Char.Period) {
    i++;
    if (!isDigit(text.charCodeAt(i)))
      return `'${text.charAt(i)}' is invalid within a number, immediately after a decimal point ('.'). ${digit}`;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === Char.LowerE || e === Char.UpperE) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === Char.Plus || sign === Char.Minus) i++;
    if (!isDigit(text.charCodeAt(i)))
      return `'${text.charAt(i)}' is invalid within a number, immediately after an exponent. ${digit}`;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return delimited(text, i, `${shown(text, i)} is an invalid end of a number. Expected a delimiter.`);
}

/** A string token read the way the server's converters read it (GetString). */
export interface JsonString {
  value: string;
  /** Its length as sent, escapes included, between the quotes. */
  rawLength: number;
  escaped: boolean;
  /** Set when an escape gives half a surrogate pair, which GetString refuses. */
  invalid?: string;
}

/** The kind of the token a value starts with. */
export type JsonTokenKind = 'object' | 'array' | 'string' | 'number' | 'true' | 'false' | 'null';

/** A walk over text checkJsonText accepted; positions are indexes into the text. */
export class JsonText {
  constructor(readonly text: string) {}

  /** Where the root value starts. */
  root(): number {
    return skipWhitespace(this.text, 0);
  }

  kindAt(i: number): JsonTokenKind {
    switch (this.text.charCodeAt(i)) {
      case Char.OpenBrace:
        return 'object';
      case Char.OpenBracket:
        return 'array';
      case Char.Quote:
        return 'string';
      case 0x74:
        return 'true';
      case 0x66:
        return 'false';
      case 0x6e:
        return 'null';
      default:
        return 'number';
    }
  }

  /** The end of the value starting at `i`, found without reading what is inside it. */
  valueEnd(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c !== Char.OpenBrace && c !== Char.OpenBracket) return scalarEnd(this.text, i) as number;
    let depth = 0;
    for (let j = i; j < this.text.length; j++) {
      const d = this.text.charCodeAt(j);
      if (d === Char.Quote) j = (stringEnd(this.text, j) as number) - 1;
      else if (d === Char.OpenBrace || d === Char.OpenBracket) depth++;
      else if ((d === Char.CloseBrace || d === Char.CloseBracket) && --depth === 0) return j + 1;
    }
    return this.text.length;
  }

  /** The JSON text of the value starting at `i`, as sent. */
  raw(i: number): string {
    return this.text.slice(i, this.valueEnd(i));
  }

  readString(i: number): JsonString {
    const end = this.valueEnd(i);
    const body = this.text.slice(i + 1, end - 1);
    if (!body.includes('\\')) return { value: body, rawLength: body.length, escaped: false };
    let value = '';
    let invalid: string | undefined;
    for (let j = 0; j < body.length; j++) {
      const c = body.charAt(j);
      if (c !== '\\') {
        value += c;
        continue;
      }
      const escaped = body.charAt(j + 1);
      if (escaped !== 'u') {
        value += escapes[escaped] ?? '';
        j += 1;
        continue;
      }
      const unit = Number.parseInt(body.slice(j + 2, j + 6), 16);
      j += 5;
      if (unit >= 0xd800 && unit <= 0xdfff) {
        // A high surrogate must be followed by an escaped low one; a lone half is refused.
        const low = body.startsWith('\\u', j + 1) ? Number.parseInt(body.slice(j + 3, j + 7), 16) : Number.NaN;
        if (unit >= 0xdc00 || !(low >= 0xdc00 && low <= 0xdfff)) {
          const hex = unit.toString(16).toUpperCase();
          invalid ??= `Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value: '0x${hex}'.`;
        } else {
          value += String.fromCharCode(unit, low);
          j += 6;
          continue;
        }
      }
      value += String.fromCharCode(unit);
    }
    return { value, rawLength: body.length, escaped: true, ...(invalid ? { invalid } : {}) };
  }

  /** The members of the object starting at `i`, in the order sent: each name's token and value's start. */
  members(i: number): { name: number; value: number }[] {
    const found: { name: number; value: number }[] = [];
    let j = skipWhitespace(this.text, i + 1);
    while (this.text.charCodeAt(j) === Char.Quote) {
      const name = j;
      j = skipWhitespace(this.text, this.valueEnd(j));
      const value = skipWhitespace(this.text, j + 1);
      found.push({ name, value });
      j = skipWhitespace(this.text, this.valueEnd(value));
      if (this.text.charCodeAt(j) === Char.Comma) j = skipWhitespace(this.text, j + 1);
    }
    return found;
  }

  /** Where each item of the array starting at `i` starts. */
  items(i: number): number[] {
    const found: number[] = [];
    let j = skipWhitespace(this.text, i + 1);
    while (j < this.text.length && this.text.charCodeAt(j) !== Char.CloseBracket) {
      found.push(j);
      j = skipWhitespace(this.text, this.valueEnd(j));
      if (this.text.charCodeAt(j) === Char.Comma) j = skipWhitespace(this.text, j + 1);
    }
    return found;
  }
}
