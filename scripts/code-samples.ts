// The request samples of every operation (`x-codeSamples`, which Redoc shows beside it): a curl command and a call of
// the typed client (the app client, or the management client for the ManagementKey operations), both against the
// mock's default URL and built from the operation's examples, so that no sample is written by hand.
// `npm run generate` adds them to the bundled spec; test/docs/code-samples.test.ts runs them all.
import { resolveLocalRefs } from '../src/emulator/spec/local-refs.js';
import { managementSchemes } from './management-schemes.js';

/** Where `npm start` serves the mock: the samples call it, so a reader can paste them as they are. */
export const sampleBaseUrl = 'http://127.0.0.1:4010';

/**
 * The Development seed app's keys, which the mock knows (the server's own Development seed uses them too). They are
 * public development keys; a scheme without one here is read from the environment (`$PASSWORDLESS_MANAGEMENT_KEY`).
 */
export const sampleKeys: Readonly<Record<string, string>> = {
  ApiSecret: 'test:secret:a679563b331846c79c20b114a4f56d02',
  ApiKey: 'test:public:2e728aa5986f4ba8b073a5b28a939795',
};

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: { example?: unknown; examples?: unknown[] };
}

interface Media {
  examples?: Record<string, unknown>;
  example?: unknown;
}

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  'x-codeSamples'?: CodeSample[];
}

type Spec = Record<string, unknown> & {
  paths?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  components?: { securitySchemes?: Record<string, { type?: string; in?: string; name?: string }> };
};

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The environment variable a scheme's key is read from: ApiSecret → PASSWORDLESS_API_SECRET. */
export function keyVariable(scheme: string): string {
  return `PASSWORDLESS_${scheme.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** The client a sample calls: its entry, its factory, the variable it is kept in, and what its `baseUrl` comment says. */
interface SampleClient {
  entry: string;
  factory: string;
  variable: string;
  baseUrlComment: string;
  /** Comment lines before the client, for a key the samples cannot show. */
  keyComment?: string;
}

const appClient: SampleClient = {
  entry: 'passwordless-contract',
  factory: 'createPasswordlessClient',
  variable: 'passwordless',
  baseUrlComment: 'the mock; leave it out for the cloud API',
};

// The management API is a self-hosted server's: there is no cloud default, and the mock needs the key at startup.
const managementClient: SampleClient = {
  entry: 'passwordless-contract/management',
  factory: 'createPasswordlessManagementClient',
  variable: 'management',
  baseUrlComment: 'the mock; on your server, https://<host>/api',
  keyComment: 'Start the mock with the same key: PASSWORDLESS_MANAGEMENT_KEY=<your key> npm start',
};

const sampleClient = (scheme: string | undefined) =>
  scheme && managementSchemes.has(scheme) ? managementClient : appClient;

/** The client option that holds a scheme's key: ApiSecret → apiSecret. */
const keyOption = (scheme: string) => scheme[0]!.toLowerCase() + scheme.slice(1);

// Values are printed the way a person would type them: short lists and objects on one line, longer ones one member a
// line. JSON for curl, a TypeScript literal (bare keys, single quotes, trailing commas) for the client.
type Style = 'json' | 'ts';
/** How long a list or object may be, indentation included, to stay on one line. */
const inlineWidth = 72;

function quote(text: string, style: Style): string {
  if (style === 'json') return JSON.stringify(text);
  const json = JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"');
  // As Prettier writes them: single quotes, unless the text holds a single quote and no double quote.
  if (text.includes("'") && !text.includes('"')) return `"${json}"`;
  return `'${json.replaceAll("'", "\\'")}'`;
}

function key(name: string, style: Style): string {
  return style === 'ts' && /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name, style);
}

/** `value` as source text whose lines after the first start with `indent`; `top` keeps an object one member a line. */
function format(value: unknown, style: Style, indent: string, top = false): string {
  if (value === null || typeof value !== 'object')
    return typeof value === 'string' ? quote(value, style) : String(value);
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((item) => format(item, style, inner))
    : Object.entries(value).map(([name, item]) => `${key(name, style)}: ${format(item, style, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${open}${close}`;
  const pad = Array.isArray(value) || style === 'json' ? '' : ' ';
  const inline = `${open}${pad}${entries.join(', ')}${pad}${close}`;
  if (!top && !inline.includes('\n') && indent.length + inline.length <= inlineWidth) return inline;
  const comma = style === 'ts' ? ',' : '';
  return `${open}\n${entries.map((entry) => `${inner}${entry}`).join(',\n')}${comma}\n${indent}${close}`;
}

/** The example a sample sends: the one named `default`, else the first. */
function exampleOf(media: Media | undefined, resolve: <T>(node: unknown) => T): unknown {
  if (!media) return undefined;
  if (media.examples) {
    const chosen = media.examples.default ?? Object.values(media.examples)[0];
    return resolve<{ value?: unknown } | undefined>(chosen)?.value;
  }
  return media.example;
}

const parameterExample = (parameter: Parameter) =>
  parameter.example ?? parameter.schema?.example ?? parameter.schema?.examples?.[0];

/** A shell word in single quotes, when it needs any. */
const shellWord = (word: string) => (/^[\w/:.,@%+=-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

interface Request {
  method: string;
  path: string;
  /** The operation's first security scheme, if any. */
  scheme: string | undefined;
  header: string | undefined;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** The success response's media type; undefined when the success has no body (or there is no success). */
  successMedia: string | undefined;
}

function curlSample({ method, path, scheme, header, pathParams, query, body }: Request): string {
  const filledPath = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(pathParams[name])));
  const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)])).toString();
  const url = `${sampleBaseUrl}${filledPath}${search ? `?${search}` : ''}`;
  const lines = [`curl ${method === 'get' ? '' : `-X ${method.toUpperCase()} `}${shellWord(url)}`];
  if (scheme && header) {
    const value = sampleKeys[scheme];
    // A key the samples do not know comes from the environment, so it needs double quotes for the shell to expand it.
    lines.push(value ? `-H ${shellWord(`${header}: ${value}`)}` : `-H "${header}: $${keyVariable(scheme)}"`);
  }
  if (body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`-d ${shellWord(format(body, 'json', '  ', true))}`);
  }
  return lines.join(' \\\n  ');
}

function clientSample({ method, path, scheme, pathParams, query, body, successMedia }: Request): string {
  const client = sampleClient(scheme);
  const options: string[] = [];
  // Keys come from the environment, as they should in an app; the comment gives the mock's, which curl shows too.
  const known = scheme ? sampleKeys[scheme] : undefined;
  const keyComment =
    scheme && known
      ? [`// On the mock: ${keyVariable(scheme)}=${known}`]
      : client.keyComment
        ? [`// ${client.keyComment}`]
        : [];
  if (scheme) options.push(`${keyOption(scheme)}: process.env.${keyVariable(scheme)},`);
  options.push(`baseUrl: '${sampleBaseUrl}', // ${client.baseUrlComment}`);

  const params = Object.fromEntries(
    Object.entries({ path: pathParams, query }).filter(([, values]) => Object.keys(values).length > 0),
  );
  const init: string[] = [];
  if (Object.keys(params).length) init.push(`params: ${format(params, 'ts', '  ')}`);
  if (body !== undefined) init.push(`body: ${format(body, 'ts', '  ', true)}`);
  // openapi-fetch reads JSON unless told otherwise.
  if (successMedia && !/json/.test(successMedia)) init.push(`parseAs: 'text'`);
  const oneLine = init.length === 1 && !init[0]!.includes('\n') && init[0]!.length <= inlineWidth;
  const initText = init.length === 0 ? '' : oneLine ? `, { ${init[0]} }` : `, {\n  ${init.join(',\n  ')},\n}`;
  const call = `${client.variable}.${method.toUpperCase()}('${path}'${initText})`;

  const hasData = successMedia !== undefined;
  return [
    `import { ${client.factory} } from '${client.entry}';`,
    '',
    ...keyComment,
    `const ${client.variable} = ${client.factory}({`,
    ...options.map((option) => `  ${option}`),
    '});',
    '',
    `const { ${hasData ? 'data, ' : ''}error } = await ${call};`,
    'if (error) throw new Error(`The API answered ${error.status}`, { cause: error });',
    ...(hasData ? ['console.log(data);'] : []),
    '',
  ].join('\n');
}

/** A copy of the spec with `x-codeSamples` (curl, then the typed client) on every operation. */
export function withCodeSamples<T extends Spec>(spec: T): T {
  const resolve = <T>(node: unknown): T => resolveLocalRefs<T>(spec, node);
  const headers = Object.fromEntries(
    Object.entries(spec.components?.securitySchemes ?? {}).map(([scheme, definition]) => [scheme, definition.name]),
  );
  const result = structuredClone(spec);
  for (const [path, item] of Object.entries(result.paths ?? {})) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of httpMethods) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const parameters = [...shared, ...(operation.parameters ?? [])].map((p) => resolve<Parameter>(p));
      const valuesIn = (place: string) =>
        Object.fromEntries(
          parameters
            .filter((p) => p.in === place && (p.required || parameterExample(p) !== undefined))
            .map((p) => {
              const value = parameterExample(p);
              if (value === undefined)
                throw new Error(`${where}: parameter ${p.name} needs an example for the samples`);
              return [p.name, value];
            }),
        );
      const requestBody = resolve<{ required?: boolean; content?: Record<string, Media> } | undefined>(
        operation.requestBody,
      );
      const body = exampleOf(requestBody?.content?.['application/json'], resolve);
      if (requestBody?.required && body === undefined)
        throw new Error(`${where}: the request body needs an example for the samples`);
      const scheme = Object.keys((operation.security ?? spec.security ?? [])[0] ?? {})[0];
      if (scheme && !headers[scheme]) throw new Error(`${where}: security scheme ${scheme} names no header`);
      const success = Object.keys(operation.responses ?? {}).find((status) => status.startsWith('2'));
      const successContent = success
        ? resolve<{ content?: Record<string, unknown> }>(operation.responses![success]).content
        : undefined;
      const request: Request = {
        method,
        path,
        scheme,
        header: scheme ? headers[scheme] : undefined,
        pathParams: valuesIn('path'),
        query: valuesIn('query'),
        body,
        successMedia: Object.keys(successContent ?? {})[0],
      };
      operation['x-codeSamples'] = [
        { lang: 'Shell', label: 'curl', source: curlSample(request) },
        { lang: 'TypeScript', label: 'TypeScript', source: clientSample(request) },
      ];
    }
  }
  return result;
}
