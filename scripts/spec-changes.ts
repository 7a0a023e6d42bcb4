// What changed between two bundled specs, and whether each change can break a client generated from the earlier one.
// The diff and its first classification come from api-smart-diff (its OpenAPI 3 rules); this file only runs it, names
// the operation of each change, and corrects the few verdicts where its rules disagree with this project's meaning of
// "breaking" (each correction is listed in `corrections` below and tested in test/spec/spec-diff.test.ts).
import { apiDiff, type CompareRules, type Diff, openapi3Rules } from 'api-smart-diff';

/**
 * `breaking`: a client generated from the earlier spec may fail to compile or to read an answer (a major release);
 * `compatible`: new or wider things such a client ignores (a minor); `docs`: wording, examples and other annotations
 * (a patch).
 */
export type ChangeLevel = 'breaking' | 'compatible' | 'docs';
export type Bump = 'major' | 'minor' | 'patch';

export interface SpecChange {
  level: ChangeLevel;
  /** `METHOD /path` for a change inside an operation, else the part of the document (`info`, `components.schemas.X`). */
  operation: string;
  /** The changed node as a JSON pointer into the later spec (the earlier one for a removal). */
  pointer: string;
  /** What changed, in words. */
  what: string;
  action: Diff['action'];
}

type Spec = Record<string, unknown>;
type Node = Record<string, unknown>;

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** api-smart-diff's OpenAPI rules, with the component sections it would report twice left out (see below). */
function rules(): CompareRules {
  // A fresh rule set per comparison: the rules keep a cache of resolved $refs.
  const base = openapi3Rules() as CompareRules;
  const components = base['/components'] as CompareRules;
  const schemas = components['/schemas'] as CompareRules;
  // A change inside a shared component is reported at every operation that uses it, where it can be classified as
  // request or answer; only adding or removing a schema is kept here, since generators name a type after it.
  const skipChildren = { '/*': { skip: true } };
  return {
    ...base,
    '/components': {
      ...components,
      '/schemas': { ...schemas, '/*': { $: ['non-breaking', 'breaking', 'breaking'], skip: true } },
      '/responses': skipChildren,
      '/parameters': skipChildren,
      '/examples': skipChildren,
      '/requestBodies': skipChildren,
      '/headers': skipChildren,
    },
  } as CompareRules;
}

/** The request samples are derived from the examples: leaving them out keeps each example change to one line. */
function withoutDerived(spec: Spec): Spec {
  const copy = structuredClone(spec);
  delete copy['x-generated'];
  for (const item of Object.values((copy.paths ?? {}) as Record<string, Node>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (httpMethods.has(method) && operation && typeof operation === 'object')
        delete (operation as Node)['x-codeSamples'];
    }
  }
  return copy;
}

const at = (root: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Node)[key] : undefined), root);

/** Follows one local `$ref` (the bundled spec has only local ones). */
function deref(root: Spec, node: unknown): unknown {
  const reference = (node as Node | undefined)?.$ref;
  if (typeof reference !== 'string' || !reference.startsWith('#/')) return node;
  const keys = reference
    .slice(2)
    .split('/')
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  return at(root, keys);
}

const typesOf = (value: unknown): Set<string> => {
  const types = new Set(Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
  if (types.has('number')) types.add('integer');
  return types;
};
const isSubset = (small: Set<string>, large: Set<string>) => [...small].every((type) => large.has(type));

const pointerOf = (path: readonly (string | number)[]) =>
  `/${path.map((key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

interface Located {
  operation: string;
  /** Where inside the operation: the request body, a parameter, or a response. */
  part: 'request' | 'parameter' | 'response' | 'operation' | 'document';
}

function locate(path: readonly (string | number)[]): Located {
  if (path[0] === 'paths' && typeof path[2] === 'string' && httpMethods.has(path[2])) {
    const operation = `${path[2].toUpperCase()} ${String(path[1])}`;
    const section = path[3];
    const part =
      section === 'requestBody'
        ? 'request'
        : section === 'parameters'
          ? 'parameter'
          : section === 'responses'
            ? 'response'
            : 'operation';
    return { operation, part };
  }
  if (path[0] === 'components' && path.length >= 3)
    return { operation: `components.${path[1]}.${path[2]}`, part: 'document' };
  return { operation: String(path[0] ?? 'document'), part: 'document' };
}

const classified: Record<Diff['type'], ChangeLevel> = {
  breaking: 'breaking',
  'non-breaking': 'compatible',
  deprecated: 'compatible',
  annotation: 'docs',
  // A change the library's rules could not classify: counted as breaking, so that the gate errs on the safe side.
  unclassified: 'breaking',
};

/**
 * Where this project's meaning of "breaking" differs from api-smart-diff's rules. Each returns a level to use instead,
 * or undefined to keep the library's.
 */
const corrections: ((diff: Diff, where: Located, head: Spec) => ChangeLevel | undefined)[] = [
  // A vendor extension (`x-…`) inside a schema: the library leaves it unclassified; it changes no message on the wire.
  (diff) => (diff.path.some((key) => String(key).startsWith('x-')) ? 'docs' : undefined),
  // A schema's `type` replaced. The library reverses its request verdict for answers, so a response member whose type
  // changed from integer to string reads as compatible; and it calls any query parameter's type change compatible.
  // Here an answer may only narrow (the old client still reads it) and a request or parameter may only widen.
  (diff, where) => {
    if (diff.action !== 'replace' || diff.path.at(-1) !== 'type' || where.part === 'operation') return undefined;
    const before = typesOf(diff.before);
    const after = typesOf(diff.after);
    if (where.part === 'response') return isSubset(after, before) ? 'compatible' : 'breaking';
    if (where.part === 'request' || where.part === 'parameter')
      return isSubset(before, after) ? 'compatible' : 'breaking';
    return undefined;
  },
  // An operation that had no parameters gains some: the library reads the new `parameters` list as an annotation.
  (diff, _where, head) => {
    if (diff.action !== 'add' || diff.path.length !== 4 || diff.path[3] !== 'parameters') return undefined;
    const added = (diff.after as unknown[]).map((parameter) => deref(head, parameter) as Node | undefined);
    return added.some((parameter) => parameter?.required === true) ? 'breaking' : 'compatible';
  },
  // An operation that had no request body gains a required one.
  (diff, _where, head) => {
    if (diff.action !== 'add' || diff.path.length !== 4 || diff.path[3] !== 'requestBody') return undefined;
    return (deref(head, diff.after) as Node | undefined)?.required === true ? 'breaking' : 'compatible';
  },
];

/** The library's description, or one made from the path when it has none. */
function describe(diff: Diff, level: ChangeLevel, libraryLevel: ChangeLevel): string {
  const verb = { add: 'Added', remove: 'Removed', replace: 'Replaced', rename: 'Renamed' }[diff.action];
  const library = diff.description?.trim() ?? '';
  let what = library.startsWith('[') ? library : `[${verb}] ${library}`.trim();
  // Where inside the schema, when the library's words do not name the member.
  const schemaAt = diff.path.lastIndexOf('schema');
  if (!what.includes('`') && schemaAt >= 0 && schemaAt < diff.path.length - 1) {
    what += ` (at \`${diff.path.slice(schemaAt + 1).join('.')}\`)`;
  } else if (what === `[${verb}]`) what += ` \`${diff.path.slice(3).join('.') || diff.path.join('.')}\``;
  if (diff.path[0] === 'components' && diff.path[1] === 'schemas' && diff.path.length === 3) {
    what = `[${verb}] schema \`${String(diff.path[2])}\`${diff.action === 'remove' ? ' (the type generated from it is gone)' : ''}`;
  }
  if (diff.type === 'unclassified' && level === 'breaking')
    what += ' (not classified by api-smart-diff: counted as breaking)';
  else if (level !== libraryLevel) what += ` (api-smart-diff: ${libraryLevel}; corrected, see scripts/spec-changes.ts)`;
  return what;
}

/** Every change from `base` to `head`, breaking ones first, then by operation. */
export function compareSpecs(base: Spec, head: Spec): SpecChange[] {
  const before = withoutDerived(base);
  const after = withoutDerived(head);
  // A rule that throws is reported by the library on console.error and its change left unclassified (so breaking
  // here); the message says nothing a reader of the diff needs.
  const consoleError = console.error;
  console.error = () => {};
  let diffs: Diff[];
  try {
    diffs = apiDiff(structuredClone(before), structuredClone(after), { rules: rules() });
  } finally {
    console.error = consoleError;
  }
  const changes = new Map<string, SpecChange>();
  for (const diff of diffs) {
    const where = locate(diff.path);
    const libraryLevel = classified[diff.type];
    const level =
      corrections.reduce<ChangeLevel | undefined>(
        (found, correct) => found ?? correct(diff, where, after),
        undefined,
      ) ?? libraryLevel;
    const change: SpecChange = {
      level,
      operation: where.operation,
      pointer: pointerOf(diff.path),
      what: describe(diff, level, libraryLevel),
      action: diff.action,
    };
    // The same change met through two $refs of one operation is one line.
    const key = `${change.level} ${change.operation} ${change.what}`;
    if (!changes.has(key)) changes.set(key, change);
  }
  const order: ChangeLevel[] = ['breaking', 'compatible', 'docs'];
  return [...changes.values()].sort(
    (a, b) => order.indexOf(a.level) - order.indexOf(b.level) || a.operation.localeCompare(b.operation),
  );
}

/** The smallest release that may carry these changes. A release without spec changes is a patch (fixed answers). */
export function neededBump(changes: readonly SpecChange[]): Bump {
  if (changes.some((change) => change.level === 'breaking')) return 'major';
  if (changes.some((change) => change.level === 'compatible')) return 'minor';
  return 'patch';
}
