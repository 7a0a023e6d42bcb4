// Each error response of the docs shows only the `errorCode`s its operation answers with that status, read from the
// response's named examples, each linked to its entry in the Error codes section. The spec itself keeps one shared
// problem schema (so the generated types stay one `ProblemDetails`, and the client narrows `errorCode` per operation
// from x-passwordless-error-codes); only the copy the docs are built from gets the narrowed schemas.
import { sectionAnchor } from './docs-anchors.js';
import { DocsError } from './docs-error.js';

type Node = Record<string, unknown>;
type Resolve = <T = Node>(node: unknown) => T;

interface Media {
  schema?: Node;
  examples?: Record<string, unknown>;
}

const isErrorStatus = (status: string) => /^[45]/.test(status) || status === 'default';

/** The codes a response's examples carry: the strings, and whether one of them is `null`. */
function exampleCodes(content: Record<string, Media>, resolve: Resolve) {
  const codes = new Set<string>();
  let hasNull = false;
  for (const media of Object.values(content)) {
    for (const example of Object.values(media.examples ?? {})) {
      const value = resolve<{ value?: unknown }>(example).value;
      if (value === null || typeof value !== 'object' || !('errorCode' in value)) continue;
      const code = (value as { errorCode: unknown }).errorCode;
      if (typeof code === 'string') codes.add(code);
      else if (code === null) hasNull = true;
    }
  }
  return { codes: [...codes], hasNull };
}

/** The `errorCode` property of one response: its codes as an enum, each linked to its entry. */
function errorCodeProperty(codes: string[], hasNull: boolean, errorsTag: string): Node | undefined {
  if (codes.length === 0 && !hasNull) return undefined;
  const links = codes.map((code) => `[\`${code}\`](${sectionAnchor(errorsTag, code)})`);
  const description =
    codes.length === 0
      ? 'Always `null`: these errors carry no code; tell them apart by `title`.'
      : `The codes this operation answers with this status: ${links.join(', ')}${hasNull ? ', and `null` for its errors that have none' : ''}. ` +
        'A newer server may add codes: treat one you do not know as a generic failure.';
  const values = [...codes, ...(hasNull ? [null] : [])];
  const type = codes.length === 0 ? 'null' : hasNull ? ['string', 'null'] : 'string';
  return { description, type, enum: values };
}

/**
 * `schema` with every `errorCode` property inside it replaced by `property` (or removed when the response has no
 * code at all), inlining the named schemas on the way, titled with their names so that Redoc still labels them.
 */
function narrowSchema(node: Node, property: Node | undefined, resolve: Resolve): Node {
  const name = typeof node.$ref === 'string' ? node.$ref.split('/').pop() : undefined;
  const schema = resolve(node);
  const titled = (changed: Node) => ({ ...(name ? { title: name } : {}), ...changed });
  for (const combiner of ['allOf', 'anyOf', 'oneOf'] as const) {
    const parts = schema[combiner] as Node[] | undefined;
    if (!parts) continue;
    const narrowed = parts.map((part) => narrowSchema(part, property, resolve));
    if (narrowed.every((part, i) => part === parts[i])) return node;
    return titled({ ...schema, [combiner]: narrowed });
  }
  const properties = schema.properties as Record<string, Node> | undefined;
  const required = schema.required as string[] | undefined;
  if (properties?.errorCode) {
    const { errorCode: _, ...others } = properties;
    return titled({ ...schema, properties: property ? { ...properties, errorCode: property } : others });
  }
  // A part that only requires errorCode (ApiProblemDetails) stops requiring it when the response has none.
  if (!property && required?.includes('errorCode'))
    return titled({ ...schema, required: required.filter((r) => r !== 'errorCode') });
  return node;
}

/**
 * Replaces each error response of `operation` with a copy whose problem schemas name only its own codes. Fails when
 * an example carries a code the operation does not list, or a listed code has no example: then the list and the
 * responses disagree, and the docs would hide a code or show a wrong one. Returns the statuses each code comes with here.
 */
export function narrowErrorResponses(
  operation: Node,
  where: string,
  resolve: Resolve,
  errorsTag: string,
): Map<string, string[]> {
  const listed = (operation['x-passwordless-error-codes'] as string[] | undefined) ?? [];
  const shown = new Map<string, string[]>();
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  for (const [status, reference] of Object.entries(responses)) {
    if (!isErrorStatus(status)) continue;
    const response = resolve(reference);
    const content = response.content as Record<string, Media> | undefined;
    if (!content) continue;
    const { codes, hasNull } = exampleCodes(content, resolve);
    for (const code of codes) {
      if (!listed.includes(code))
        throw new DocsError(
          `${where} ${status}: an example carries "${code}", which x-passwordless-error-codes does not list.`,
        );
      shown.set(code, [...(shown.get(code) ?? []), status]);
    }
    const property = errorCodeProperty(codes, hasNull, errorsTag);
    responses[status] = {
      ...response,
      content: Object.fromEntries(
        Object.entries(content).map(([type, media]) => [
          type,
          media.schema ? { ...media, schema: narrowSchema(media.schema, property, resolve) } : media,
        ]),
      ),
    };
  }
  const unshown = listed.filter((code) => !shown.has(code));
  if (unshown.length)
    throw new DocsError(
      `${where}: no error response has an example of ${unshown.join(', ')}, so the docs could not show it.`,
    );
  return shown;
}
