// `npm run record -- --management-key …`, the way it runs against a live server, with the ManagementKey endpoints
// played by a small stand-in in front of the mock (which answers them from examples only, keeping no apps): one
// throwaway app per scenario, created with the scenarios' features and deleted afterwards, and none of the keys in play
// reaching the output.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readRecording } from '../../src/recording/recording-file.js';
import { recordingFile } from '../../src/recording/scenario-folders.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const managementKey = `management-${randomBytes(12).toString('hex')}`;
const issuedKeys: string[] = [];
const adminCalls: { method: string; path: string; body: unknown }[] = [];
let server: Server;
let baseUrl: string;
let out: string;
let output = '';
let code = 0;

/** The ManagementKey endpoints of section 4 of the API inventory; every other request goes on to the mock. */
function startAdminStandIn(mockUrl: string): Promise<string> {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = request.url ?? '/';
    const admin = /^\/admin\/apps\/([a-z][a-z0-9]+)(\/create|\/mark-delete)?$/.exec(path);
    if (admin) {
      adminCalls.push({ method: request.method!, path, body: body.length ? JSON.parse(body.toString()) : undefined });
      if (request.headers.managementkey !== managementKey) {
        response.writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'ManagementKey' });
        const type = 'https://docs.passwordless.dev/guide/errors.html#ManagementKey';
        response.end(JSON.stringify({ type, title: "A valid 'ManagementKey' header is required.", status: 401 }));
        return;
      }
      const appId = admin[1]!;
      if (admin[2] === '/create') {
        const key = (kind: string) => `${appId}:${kind}:${randomBytes(16).toString('hex')}`;
        const keys = { apiKey1: key('public'), apiKey2: key('public'), apiSecret1: key('secret'), apiSecret2: key('secret') };
        issuedKeys.push(...Object.values(keys));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Store keys safely. They will only be shown to you once.', ...keys }));
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'ok', isDeleted: true, deleteAt: null, adminEmails: [] }));
      }
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)) as [string, string][],
    );
    const answer = await fetch(`${mockUrl}${path}`, { method: request.method!, headers, ...(body.length ? { body } : {}) });
    response.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => name !== 'content-length' && name !== 'content-encoding')));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  baseUrl = await startAdminStandIn(inject('mockUrl'));
  out = mkdtempSync(join(tmpdir(), 'passwordless-recordings-'));
  const args = ['--import', 'tsx', 'scripts/record.ts', '--base-url', baseUrl, '--out', out, '--source', 'a stand-in'];
  args.push('--scenario', 'wrong-keys', '--scenario', 'events');
  try {
    const result = await promisify(execFile)(process.execPath, args, {
      cwd: root,
      env: { ...process.env, PASSWORDLESS_MANAGEMENT_KEY: managementKey, PASSWORDLESS_API_SECRET: '', PASSWORDLESS_API_KEY: '' },
      timeout: 60_000,
    });
    output = result.stdout + result.stderr;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    code = failed.code ?? -1;
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
}, 90_000);

afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

describe('npm run record with a ManagementKey', () => {
  it('records each scenario in an app of its own, created with the features the scenarios use', () => {
    expect(output).toMatch(/^✓ events: 3 exchanges/m);
    expect(output).toMatch(/^✓ wrong-keys: 2 exchanges/m);
    expect(code).toBe(0);
    const creations = adminCalls.filter((call) => call.path.endsWith('/create'));
    expect(creations).toHaveLength(2);
    expect(new Set(creations.map((call) => call.path)).size).toBe(2);
    for (const creation of creations) {
      expect(creation.path).toMatch(/^\/admin\/apps\/rec[0-9a-f]{12}\/create$/);
      expect(creation.body).toEqual({
        adminEmail: 'recorder@example.com',
        eventLoggingIsEnabled: true,
        magicLinkEmailMonthlyQuota: 100,
        allowAttestation: true,
      });
    }
  });

  it('deletes every app it created', () => {
    const created = adminCalls.filter((call) => call.path.endsWith('/create')).map((call) => call.path.replace('/create', ''));
    for (const app of created) {
      const body = { appId: app.split('/').pop(), deletedBy: 'recorder@example.com' };
      expect(adminCalls).toContainEqual({ method: 'POST', path: `${app}/mark-delete`, body });
      expect(adminCalls).toContainEqual({ method: 'DELETE', path: app, body: undefined });
    }
  });

  it('lets neither the ManagementKey nor any issued key, nor the app ids, reach the recordings or the output', () => {
    const appIds = adminCalls.map((call) => call.path.split('/')[3]!);
    for (const scenario of ['events', 'wrong-keys']) {
      const text = readFileSync(recordingFile(scenario, out), 'utf8');
      for (const secret of [managementKey, ...issuedKeys, ...issuedKeys.map((key) => key.slice(-32)), ...appIds]) {
        expect(text).not.toContain(secret);
        expect(output).not.toContain(secret);
      }
      expect(readRecording(recordingFile(scenario, out)).source).toBe('npm run record against a stand-in');
    }
  });
});
