// The state file (`--state`, `startMock({ stateFile })`) never loses the state: written atomically and durably
// (fsynced before its rename), in slices so the emulator keeps answering meanwhile, checked for writing at start, never
// overwritten when it cannot be read (with the real cause named), and, when the final write fails, put somewhere else
// with a message saying where. Signals (SIGHUP as SIGTERM) are in npm-start.test.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningMock, type StateSnapshot, startMock } from '../../src/mock/index.js';
import { writeJsonInSlices } from '../../src/mock/sliced-json.js';
import { readStateFile } from '../../src/mock/state-file.js';
import { storedCredential } from '../emulator/harness.js';
import { childMockFailure } from './child-mock.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const folder = mkdtempSync(join(tmpdir(), 'passwordless-state-file-'));
// Readable by the unprivileged user the permission tests run as.
chmodSync(folder, 0o755);
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const running: RunningMock[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((mock) => mock.close().catch(() => undefined)));
});
let files = 0;
const newPath = (name = 'state.json') => {
  const dir = join(folder, `case-${++files}`);
  mkdirSync(dir, { mode: 0o755 });
  return join(dir, name);
};
async function start(options: Parameters<typeof startMock>[0]) {
  const mock = await startMock(options);
  running.push(mock);
  return mock;
}
/** Root reads and writes whatever the permissions say: permission tests run as nobody then. */
const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** A state of about `users` × 190 bytes of aliases on the seed app, for saves that take several slices. */
function bigState(mock: RunningMock, users: number) {
  const state = mock.exportState({ includeSecrets: true });
  state.apps[0]!.aliases = Array.from({ length: users }, (_, i) => ({
    userId: `user-${i}`,
    hash: `${String(i).padStart(8, '0')}${'h'.repeat(36)}=`,
    plaintext: `user-${i}@example.com`,
  }));
  return state;
}
const aliasCount = async (mock: RunningMock, userId: string) =>
  (
    (await (await fetch(`${mock.url}/alias/list?userId=${userId}`, { headers: { ApiSecret: apiSecret } })).json()) as {
      values: unknown[];
    }
  ).values.length;

describe('writeJsonInSlices', () => {
  it("copies no container again when they are the caller's own copies (the state's view makes new lists)", async () => {
    const list = Array.from({ length: 4000 }, (_, i) => ({ i }));
    const value = { version: 1, apps: [{ list }] };
    const text = async (containersCopied: boolean) => {
      let written = '';
      const writing = writeJsonInSlices(
        value,
        async (slice) => {
          written += slice;
        },
        { copyDepth: 4, containersCopied, sliceChars: 1000, sliceMs: 8 },
      );
      // Added after the write began: a copy made at the start does not hold it; the caller's own list does.
      list.push({ i: -1 });
      await writing;
      list.pop();
      return JSON.parse(written).apps[0].list.length;
    };
    expect(await text(false)).toBe(4000);
    expect(await text(true)).toBe(4001);
  });

  it('writes exactly what JSON.stringify(value, null, 2) writes, whatever the depth it copies to', async () => {
    const values: unknown[] = [
      { version: 1, apps: [] },
      { a: [1, 'two', null, true, { b: [], c: {} }], d: undefined, e: { f: [[1, [2, [3]]], { g: 'é\n"\u2028' }] } },
      [undefined, () => 1, { h: undefined }, [], {}],
      'text',
      42,
      null,
      { nested: { deeper: { deepest: { leaf: [{ x: 1 }, { y: [1, 2] }] } } } },
    ];
    for (const value of values) {
      for (const copyDepth of [0, 1, 2, 3, 4, 6]) {
        let text = '';
        await writeJsonInSlices(
          value,
          async (slice) => {
            text += slice;
          },
          { copyDepth, sliceChars: 7, sliceMs: 1000 },
        );
        expect(text, `${JSON.stringify(value)} at depth ${copyDepth}`).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }
    }
  });
});

describe('writing the state file', () => {
  it('lets the event loop run while it writes, and writes what exportState({ includeSecrets: true }) holds', async () => {
    const stateFile = newPath();
    const mock = await start({ stateFile, limits: { aliasesPerApp: 60_000 } });
    mock.importState(bigState(mock, 25_000));
    let turns = 0;
    let saved = false;
    const tick = () => {
      if (saved) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await mock.saveState();
    saved = true;
    // Four megabytes in slices of at most one: a write that blocks lets nothing else run until it is done.
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(readFileSync(stateFile, 'utf8')).toBe(
      `${JSON.stringify(mock.exportState({ includeSecrets: true }), null, 2)}\n`,
    );
  });

  it('fsyncs the new file before renaming it into place, then the folder, and lets only its user read it', async () => {
    const stateFile = newPath();
    const mock = await start({ stateFile });
    writeFileSync(stateFile, 'the previous state');
    const probe = await open(stateFile, 'r');
    const FileHandlePrototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const originalSync = FileHandlePrototype.sync;
    const seenAtSync: string[] = [];
    const sync = vi.spyOn(FileHandlePrototype, 'sync').mockImplementation(function (this: FileHandle) {
      seenAtSync.push(readFileSync(stateFile, 'utf8'));
      return originalSync.call(this);
    });
    await mock.saveState();
    // First the new file (the old one still in place), then the folder (the new one in place).
    expect(seenAtSync[0]).toBe('the previous state');
    expect(seenAtSync.at(-1)).not.toBe('the previous state');
    expect(sync.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).version).toBe(1);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
  });

  it('runs saves asked for at once one after the other, each file whole', async () => {
    const stateFile = newPath();
    const mock = await start({ stateFile, limits: { aliasesPerApp: 60_000 } });
    mock.importState(bigState(mock, 5_000));
    await Promise.all([mock.saveState(), mock.saveState(), mock.saveState()]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).apps[0].aliases).toHaveLength(5_000);
  });

  it('holds what was there when the save began, even while requests change the state meanwhile', async () => {
    const stateFile = newPath();
    const mock = await start({ stateFile, limits: { aliasesPerApp: 60_000, usersPerApp: 60_000 } });
    mock.importState(bigState(mock, 5_000));
    const saving = mock.saveState();
    const changes = Array.from({ length: 50 }, (_, i) =>
      fetch(`${mock.url}/users/delete`, {
        method: 'POST',
        headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: `user-${i}` }),
      }),
    );
    await Promise.all([saving, ...changes]);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    const users = new Set(saved.apps[0].aliases.map((alias: { userId: string }) => alias.userId));
    // Every user nobody touched is there, whenever the deletes ran.
    for (let i = 50; i < 5_000; i += 97) expect(users.has(`user-${i}`)).toBe(true);
    await mock.close();
    const again = await start({ stateFile, limits: { aliasesPerApp: 60_000, usersPerApp: 60_000 } });
    expect(await aliasCount(again, 'user-4999')).toBe(1);
  });

  it('answers POST /__mock/state/save with a 500 that says why when the file cannot be written, and goes on', async () => {
    const stateFile = newPath();
    const mock = await start({ stateFile });
    rmSync(join(stateFile, '..'), { recursive: true });
    writeFileSync(join(stateFile, '..'), 'a file where the folder was');
    const answer = await fetch(`${mock.url}/__mock/state/save`, { method: 'POST' });
    expect(answer.status).toBe(500);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(
      /^Could not write .*state\.json: .*E(EXIST|NOTDIR).*The state is still held in memory\.$/,
    );
    expect((await fetch(`${mock.url}/health/http`)).status).toBe(200);
    rmSync(join(stateFile, '..'));
  });
});

describe('a final write that fails', () => {
  it('puts the state in another file and says where', async () => {
    const stateFile = newPath();
    const mock = await startMock({ stateFile });
    await fetch(`${mock.url}/alias`, {
      method: 'POST',
      headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u1', aliases: ['fry@example.com'] }),
    });
    // The folder became a file while the emulator ran.
    rmSync(join(stateFile, '..'), { recursive: true });
    writeFileSync(join(stateFile, '..'), 'a file where the folder was');
    const error = await mock.close().then(
      () => undefined,
      (reason: Error) => reason.message,
    );
    const fallback = /the state was saved to (\S+) instead/.exec(error ?? '')?.[1];
    expect(error).toMatch(/^Could not write the state file .*state\.json \(.*\); the state was saved to /);
    expect(fallback && existsSync(fallback)).toBe(true);
    const kept = JSON.parse(readFileSync(fallback!, 'utf8'));
    expect(kept.apps[0].aliases).toEqual([expect.objectContaining({ userId: 'u1' })]);
    rmSync(fallback!);
    rmSync(join(stateFile, '..'));
  });
});

describe('a state file that cannot be used stops the start with its real cause', () => {
  it('one that cannot be read for its permissions: says so, and leaves it as it is', async () => {
    const stateFile = newPath();
    const content = `${JSON.stringify({ version: 1, apps: [] })}\n`;
    writeFileSync(stateFile, content);
    chmodSync(stateFile, 0o000);
    const message = await childMockFailure({ stateFile }, unprivileged);
    expect(message).toBe(
      `The state file ${stateFile} cannot be read: permission denied (EACCES). Give your user read and write access ` +
        `to it (chmod u+rw ${stateFile}) or choose another --state file; the file was left as it is.`,
    );
    chmodSync(stateFile, 0o644);
    expect(readFileSync(stateFile, 'utf8')).toBe(content);
  });

  it('one in a folder it cannot write to, one whose folder is a file, and a folder: at start, not at exit', async () => {
    const readOnly = newPath();
    chmodSync(join(readOnly, '..'), 0o555);
    expect(await childMockFailure({ stateFile: readOnly }, unprivileged)).toMatch(
      new RegExp(`^The state file ${readOnly} could not be written on exit: permission denied in .* \\(EACCES\\)\\.`),
    );
    const throughAFile = `${newPath('file.txt')}/state.json`;
    writeFileSync(join(throughAFile, '..'), 'not a folder');
    await expect(startMock({ stateFile: throughAFile })).rejects.toThrow(
      /could not be written on exit: a part of its folder .* is a file, not a folder \(E(EXIST|NOTDIR)\)\. Choose another --state file\./,
    );
    const aFolder = newPath();
    mkdirSync(aFolder);
    await expect(startMock({ stateFile: aFolder })).rejects.toThrow(`The state file ${aFolder} is a folder`);
  });
});

describe('reading a state file', () => {
  it('parses it as it streams in, giving the event loop turns meanwhile, and starts from it', async () => {
    const source = await start({});
    const stateFile = newPath();
    // About 2 MB: dozens of the reader's chunks. One JSON.parse of the whole text gave no turn at all, and could not
    // read a file past V8's longest string (512 MiB), which a million users' state is.
    writeFileSync(stateFile, `${JSON.stringify(bigState(source, 10_000), null, 2)}\n`);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const state = await readStateFile(stateFile);
    counting = false;
    expect(turns).toBeGreaterThan(10);
    expect((state as StateSnapshot).apps[0]!.aliases).toHaveLength(10_000);
    const mock = await start({ stateFile });
    expect(await aliasCount(mock, 'user-9999')).toBe(1);
  });

  it("gives the credentials it reads one copy of the values they repeat, and leaves each record's values as written", async () => {
    const source = await start({});
    const state = source.exportState({ includeSecrets: true });
    const credential = (i: number) => ({
      ...storedCredential(`user-${i}`, i),
      transports: ['internal', 'hybrid'],
      device: i === 2 ? 'Firefox, Windows' : 'Chrome, Linux',
    });
    state.apps[0]!.credentials = [credential(0), credential(1), credential(2)];
    state.apps[0]!.credentials[2]!.transports = ['usb'];
    const stateFile = newPath();
    writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
    const read = ((await readStateFile(stateFile)) as StateSnapshot).apps[0]!.credentials;
    expect(read).toEqual(state.apps[0]!.credentials);
    // One list for the transports the first two share (strings cannot be told apart by identity; lists can).
    expect(read[0]!.transports).toBe(read[1]!.transports);
    expect(read[2]!.transports).toEqual(['usb']);
  });

  it('says a file that is not JSON, or not all of it, is not JSON, and leaves it as it is', async () => {
    for (const content of ['', '{"version": 1, "apps": [', '{"version": 1} trailing', 'not json']) {
      const stateFile = newPath();
      writeFileSync(stateFile, content);
      await expect(startMock({ stateFile }), JSON.stringify(content)).rejects.toThrow(
        new RegExp(`^The state file ${stateFile} is not JSON \\(.+\\); fix it or delete it to start fresh\\.$`),
      );
      expect(readFileSync(stateFile, 'utf8')).toBe(content);
    }
  });
});

describe('.passwordless-state.json, the name the README suggests', () => {
  it('is ignored by git, so a state with its signing keys is never committed', () => {
    expect(() =>
      execFileSync('git', ['check-ignore', '--quiet', '--no-index', '.passwordless-state.json'], { cwd: root }),
    ).not.toThrow();
  });
});
