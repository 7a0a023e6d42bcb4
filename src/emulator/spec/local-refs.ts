// Local JSON pointers in an OpenAPI document (`#/components/schemas/Foo`): the node one names, and the node a chain of
// `$ref`s ends at. The bundled spec has only local references, so nothing here reads files or URLs.

const unescapeSegment = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/** The property names a local `#/...` pointer walks through, unescaped: `#/paths/~1users` → ['paths', '/users']. */
export function pointerSegments(pointer: string): string[] {
  return pointer.slice(2).split('/').filter(Boolean).map(unescapeSegment);
}

/** The node a local `#/...` pointer names, or undefined when it names nothing. */
export function nodeAt(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#')) return undefined;
  let node = document;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Follows local `$ref`s from `node` to a node without one; `pointer` is the last reference followed, if any. */
export function followLocalRefs(document: unknown, node: unknown): { node: unknown; pointer?: string } {
  let current = node;
  let pointer: string | undefined;
  // A bound on the hops keeps a reference cycle from hanging the caller.
  for (let hops = 0; hops < 32; hops++) {
    const ref = (current as { $ref?: unknown } | null | undefined)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#')) break;
    pointer = ref;
    current = nodeAt(document, ref);
  }
  return { node: current, pointer };
}

/** The node at the end of `node`'s local `$ref`s (itself when it has none). */
export function resolveLocalRefs<T = unknown>(document: unknown, node: unknown): T {
  return followLocalRefs(document, node).node as T;
}
