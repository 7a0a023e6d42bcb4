// Stock `prism mock` on the published spec (generated/openapi.json): it loads it with no error and, for every
// operation, answers each documented example when asked with `Prefer: code=<status>, example=<name>`, with a request
// built from the spec's own examples (key header, parameters, body). This is what a team gets that picks Prism, which
// answers from examples only, over the emulator (docs/codegen.md says when that is the right choice).
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpMethods, loadBundledSpec } from '../helpers/bundled-spec.js';
import { bin, root } from '../helpers/package-install.js';
import { freePort } from '../helpers/ports.js';

type Node = Record<string, any>;
const spec = loadBundledSpec() as Node;

const deref = (node: Node | undefined): Node | undefined => {
  if (!node || typeof node.$ref !== 'string') return node;
  return deref(
    node.$ref
      .slice(2)
      .split('/')
      .reduce((at: Node, key: string) => at[key], spec),
  );
};

interface Ask {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
  example: string;
  expected: unknown;
}

const sampleKeys: Record<string, string> = {
  ApiSecret: 'test:secret:a679563b331846c79c20b114a4f56d02',
  ApiKey: 'test:public:2e728aa5986f4ba8b073a5b28a939795',
  ManagementKey: 'a-management-key',
};

/** One request per documented response example of every operation. */
const asks: Ask[] = Object.entries(spec.paths as Record<string, Node>).flatMap(([template, item]) =>
  httpMethods
    .filter((method) => item[method])
    .flatMap((method) => {
      const operation = item[method] as Node;
      const parameters = (operation.parameters ?? []).map((parameter: Node) => deref(parameter)!);
      const path = template.replace(/\{(\w+)\}/g, (_, name) => {
        const parameter = parameters.find((candidate: Node) => candidate.name === name);
        return encodeURIComponent(String(parameter?.example ?? parameter?.schema?.examples?.[0] ?? 'myapp'));
      });
      const query = new URLSearchParams();
      for (const parameter of parameters.filter((candidate: Node) => candidate.in === 'query' && candidate.required)) {
        query.set(parameter.name, String(parameter.example ?? deref(parameter.schema)?.examples?.[0] ?? '1'));
      }
      const headers: Record<string, string> = {};
      const scheme = Object.keys(operation.security?.[0] ?? {})[0];
      if (scheme) headers[spec.components.securitySchemes[scheme].name] = sampleKeys[scheme]!;
      const media = deref(operation.requestBody)?.content?.['application/json'];
      let body: string | undefined;
      if (media) {
        headers['content-type'] = 'application/json';
        const example = deref(media.examples?.default ?? Object.values(media.examples ?? {})[0]);
        body = JSON.stringify(example?.value ?? {});
      }
      return Object.entries(operation.responses as Record<string, Node>).flatMap(([status, reference]) => {
        const response = deref(reference)!;
        return Object.values((response.content ?? {}) as Record<string, Node>).flatMap((content) =>
          Object.entries((content.examples ?? {}) as Record<string, Node>).map(([example, exampleNode]) => ({
            name: `${method.toUpperCase()} ${template} ${status} ${example}`,
            method: method.toUpperCase(),
            path: `${path}${query.size ? `?${query}` : ''}`,
            headers,
            body,
            status: Number(status),
            example,
            expected: deref(exampleNode)!.value,
          })),
        );
      });
    }),
);

let prism: ChildProcess;
let baseUrl: string;
let output = '';

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  prism = spawn(bin('prism'), ['mock', 'generated/openapi.json', '--port', String(port), '-v', 'info'], { cwd: root });
  prism.stdout!.on('data', (chunk) => (output += chunk));
  prism.stderr!.on('data', (chunk) => (output += chunk));
  // Ready once it says so; it exits on a spec it cannot load.
  await new Promise<void>((resolve, reject) => {
    const check = () => (/Prism is listening/.test(output) ? resolve() : undefined);
    prism.stdout!.on('data', check);
    prism.once('exit', (code) => reject(new Error(`prism mock exited (${code}):\n${output}`)));
  });
}, 60_000);

afterAll(() => {
  prism?.kill();
});

describe('stock prism mock on the published spec', () => {
  it('loads it without an error, and there is an example to ask for in every operation', () => {
    expect(output).not.toMatch(/\berror\b/i);
    const operations = new Set(asks.map((ask) => `${ask.method} ${ask.path.split('?')[0]}`));
    expect(operations.size).toBeGreaterThan(40);
  });

  it('answers every documented example of every operation', async () => {
    const failures: string[] = [];
    for (const ask of asks) {
      const answer = await fetch(`${baseUrl}${ask.path}`, {
        method: ask.method,
        headers: { ...ask.headers, prefer: `code=${ask.status}, example=${ask.example}` },
        body: ask.body,
      });
      const text = await answer.text();
      const json = /json/.test(answer.headers.get('content-type') ?? '');
      const body = json && text ? JSON.parse(text) : text;
      if (answer.status !== ask.status || JSON.stringify(body) !== JSON.stringify(ask.expected)) {
        failures.push(`${ask.name}: got ${answer.status} ${text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(asks.length).toBeGreaterThan(150);
  });
});
