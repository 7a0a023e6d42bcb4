// "The mock server" section of the API description (shown atop /docs, shipped in both packages) tells the emulator's
// truth: its commands run, its curl gets the example it names from the running emulator, the keys it gives are the
// seed app's (accepted), and it offers nothing the emulator does not do.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { resolveLocalRefs } from '../../src/emulator/spec/local-refs.js';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';

const exec = promisify(execFile);
const spec = loadBundledSpec();
const mockUrl = inject('mockUrl');
const description = (spec.info as { description: string }).description;
const section = description.slice(description.indexOf('## The mock server')).split(/\n## /)[0]!;
/** The inline code spans of the section. */
const code = [...section.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
/** The address the section gives, and this run's emulator in its place. */
const documentedUrl = 'http://127.0.0.1:4010';
const onThisRun = (text: string) => text.replaceAll(documentedUrl, mockUrl);

describe('the API description\'s "The mock server" section', () => {
  it('gives the address npm start listens on by default, and offers no preference the emulator dropped', () => {
    expect(section).toContain(documentedUrl);
    expect(section).not.toMatch(/dynamic=true|success example/);
    expect(section).toContain('Prefer: example=<name>');
  });

  it('its curl gets, from the running emulator, the example it names', async () => {
    const curls = code.filter((span) => span.startsWith('curl '));
    expect(curls.length).toBeGreaterThan(0);
    for (const curl of curls) {
      const { stdout } = await exec('bash', ['-c', `${onThisRun(curl)} -s -w '\\n%{http_code}'`], { timeout: 20_000 });
      const [body, status] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)];
      const [, method, url] = /-X (\w+) (\S+)/.exec(curl)!;
      const path = new URL(url!).pathname;
      const name = /Prefer: example=(\w+)/.exec(curl)![1]!;
      const operation = listOperations(spec).find(
        (entry) => entry.method === method!.toLowerCase() && entry.path === path,
      )!;
      const example = Object.entries(operation.operation.responses).flatMap(([code, response]) =>
        Object.values(resolveLocalRefs<typeof response>(spec, response).content ?? {}).flatMap((media) =>
          Object.entries(media.examples ?? {})
            .filter(([key]) => key === name)
            .map(([, value]) => ({ status: code, body: resolveLocalRefs<{ value: unknown }>(spec, value).value })),
        ),
      )[0]!;
      expect({ status, body: JSON.parse(body) }, curl).toEqual(example);
    }
  });

  it("the keys it gives are the seed app's: the emulator accepts each, and refuses another app's", async () => {
    const secret = code.find((span) => /^\w+:secret:[0-9a-f]{32}$/.test(span))!;
    const publicKey = code.find((span) => /^\w+:public:[0-9a-f]{32}$/.test(span))!;
    const count = (apiSecret: string) => fetch(`${mockUrl}/users/count`, { headers: { ApiSecret: apiSecret } });
    expect((await count(secret)).status).toBe(200);
    expect((await count(secret.replace(/^\w+:/, 'myapp:'))).status).toBe(401);
    const begin = await fetch(`${mockUrl}/signin/begin`, {
      method: 'POST',
      headers: { ApiKey: publicKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ origin: 'http://localhost:3000', rpId: 'localhost' }),
    });
    expect(begin.status).toBe(200);
  });
});
