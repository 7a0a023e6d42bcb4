// JSON text of a large value, written in slices so the event loop keeps answering between them: the same text as
// `JSON.stringify(value, null, 2)`, handed out a slice at a time. Serializing a 109 MB state in one go blocked the
// emulator for seconds. The containers down to `copyDepth` are copied when writing starts (pointer copies: cheap), so
// the text holds the values that were there then, even if the live ones are added to or removed from meanwhile; the
// values below that depth (records) are serialized whole when reached, each as it is at that moment.

export interface SliceOptions {
  /** Containers at depths below this are copied at the start; values at this depth are serialized when reached. */
  copyDepth: number;
  /** A slice is handed out once it holds this many characters (or `sliceMs` went by). */
  sliceChars: number;
  /** At most this long serializing before the event loop gets a turn. */
  sliceMs: number;
  /**
   * The containers above `copyDepth` are already the caller's own copies (the state's view makes new lists): copying
   * them again would hold the event loop as long once more, for a million records.
   */
  containersCopied?: boolean;
}

const isContainer = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const isOmitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

function copyContainers(value: unknown, depth: number): unknown {
  if (depth <= 0 || !isContainer(value)) return value;
  if (Array.isArray(value)) return value.map((item) => copyContainers(item, depth - 1));
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) copy[key] = copyContainers(member, depth - 1);
  return copy;
}

function* pieces(value: unknown, depth: number, indent: string): Generator<string> {
  if (depth <= 0 || !isContainer(value)) {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      yield* pieces(isOmitted(value[i]) ? null : value[i], depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  const members = Object.entries(value).filter(([, member]) => !isOmitted(member));
  if (members.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (const [i, [key, member]] of members.entries()) {
    yield `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* pieces(member, depth - 1, inner);
  }
  yield `\n${indent}}`;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Hands `write` the JSON text of `value` slice by slice, giving the event loop a turn between slices. */
export async function writeJsonInSlices(
  value: unknown,
  write: (slice: string) => Promise<void>,
  options: SliceOptions,
): Promise<void> {
  const copied = options.containersCopied ? value : copyContainers(value, options.copyDepth);
  let slice = '';
  let started = performance.now();
  for (const piece of pieces(copied, options.copyDepth, '')) {
    slice += piece;
    if (slice.length < options.sliceChars && performance.now() - started < options.sliceMs) continue;
    await write(slice);
    slice = '';
    await nextTurn();
    started = performance.now();
  }
  await write(`${slice}\n`);
}
