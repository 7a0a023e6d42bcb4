// The state file (`--state`): read at start (parsed as it streams in), checked for writing at start, written on demand and on every stop. A
// write is atomic and durable (a new file beside, fsynced, renamed into place, the folder fsynced), goes in slices so
// the emulator keeps answering meanwhile, and runs one at a time. A file that cannot be read stops the start with its
// real cause and is never overwritten; a final write that fails puts the state in another file and says where.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, unlinkSync } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SharedValues, type StateSnapshot } from '../emulator/index.js';
import { BatchedJsonReader } from './batched-json-reader.js';
import { scavengeNow } from './scavenge-now.js';
import { writeJsonInSlices } from './sliced-json.js';

/**
 * The whole state with its secrets, as the file keeps it: its containers down to the lists of records new (as the
 * state's view makes them), its records live (they are copied slice by slice).
 */
export type StateSource = () => StateSnapshot;

const reasonOf = (error: unknown) => (error as Error).message;
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Reads a state file, parsed as it streams in (the text of a million users, 1 GB, is longer than V8's longest string,
 * and one JSON.parse of it would hold the event loop for seconds); undefined when there is none. Throws an Error that
 * names the file and the real cause.
 */
export async function readStateFile(path: string): Promise<unknown> {
  let handle: FileHandle;
  try {
    // Opened first, so that a missing file or a folder is told apart from a file that is not JSON.
    handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    }
  } catch (error) {
    const code = codeOf(error);
    // No file there (a part of its folder may be a file: the check for writing says so).
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new Error(
        `The state file ${path} cannot be read: permission denied (${code}). Give your user read and write access to ` +
          `it (chmod u+rw ${path}) or choose another --state file; the file was left as it is.`,
      );
    }
    if (code === 'EISDIR') throw new Error(`The state file ${path} is a folder; give --state the path of a file.`);
    throw new Error(`The state file ${path} cannot be read (${reasonOf(error)}); the file was left as it is.`);
  }
  const notJson = (error: unknown) =>
    new Error(`The state file ${path} is not JSON (${reasonOf(error)}); fix it or delete it to start fresh.`);
  // A state's records (its apps' lists) are parsed in batches; the rest of its text token by token.
  const shared = new SharedValues();
  const reader = new BatchedJsonReader({
    batchedDepth: 3,
    batchLength: readChunkBytes,
    onBatch: (records, list) => {
      if (list === 'credentials') shared.shareInCredentials(records);
      else if (list === 'aliases') shared.shareInAliases(records);
    },
  });
  // One buffer for every read: a new one per chunk is memory outside the heap that V8 answers with full collections.
  const buffer = Buffer.allocUnsafe(readChunkBytes);
  const decoder = new StringDecoder('utf8');
  const readText = (text: string) => {
    try {
      reader.write(text);
    } catch (error) {
      throw notJson(error);
    }
  };
  try {
    // One chunk at a time, each a short turn of the event loop, and a scavenge of what they made every few.
    let bytesSinceScavenge = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      readText(decoder.write(buffer.subarray(0, bytesRead)));
      bytesSinceScavenge += bytesRead;
      if (bytesSinceScavenge >= scavengeEveryBytes) {
        scavengeNow();
        bytesSinceScavenge = 0;
      }
    }
    readText(decoder.end());
  } catch (error) {
    if (reasonOf(error).startsWith(`The state file ${path}`)) throw error;
    throw new Error(`The state file ${path} cannot be read (${reasonOf(error)}); the file was left as it is.`);
  } finally {
    await handle.close();
  }
  try {
    return reader.end();
  } catch (error) {
    throw notJson(error);
  }
}

const partialName = (path: string) => `${path}.${randomBytes(4).toString('hex')}.partial`;

/**
 * Checks at start that the state file can be written on exit: its folder exists or can be made, and takes a new file
 * (made and removed again). Throws an Error that names the file and what stands in the way.
 */
export function checkStateFileWritable(path: string): void {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
    const probe = partialName(path);
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (error) {
    const code = codeOf(error);
    const cause =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? `a part of its folder ${folder} is a file, not a folder (${code})`
        : code === 'EACCES' || code === 'EPERM'
          ? `permission denied in ${folder} (${code})`
          : reasonOf(error);
    throw new Error(`The state file ${path} could not be written on exit: ${cause}. Choose another --state file.`);
  }
}

/**
 * How much of the file is read at a time, and how much text of records is parsed at once: a few milliseconds, so that
 * a turn of the event loop in which the collector also scavenges (while a load runs, everything it makes survives: a
 * scavenge of a young generation full of records takes about 85 ms here) stays within 100 ms.
 */
const readChunkBytes = 1 << 18;

/**
 * How much of the file is read between two scavenges: its records (two thirds of its size on the heap) are what a
 * scavenge copies, so that each stays near 10–35 ms, where V8's own, with a young generation full, take 65–95 ms.
 */
const scavengeEveryBytes = 6 << 20;

/** Sizes of the write's slices: small enough that each pause of the event loop is short. */
const slices = { sliceChars: 1 << 20, sliceMs: 8 };

/** Writes the state to `path` through a fsynced file beside it renamed into place, then fsyncs the folder. */
export async function writeStateAtomically(path: string, source: StateSource): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const partial = partialName(path);
  let file: FileHandle | undefined;
  try {
    // Only its user may read it: it holds the apps' signing keys.
    file = await open(partial, 'wx', 0o600);
    const handle = file;
    // The state, its apps, their members (the lists of records), the records: the lists, new from the source, hold
    // what was there when the save began.
    await writeJsonInSlices(
      source(),
      async (slice) => {
        await handle.write(slice);
      },
      { copyDepth: 4, containersCopied: true, ...slices },
    );
    await file.sync();
    await file.close();
    file = undefined;
    await rename(partial, path);
  } catch (error) {
    await file?.close().catch(() => undefined);
    await unlink(partial).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Makes the rename durable; some systems (Windows) cannot open a folder, and there the rename is all there is. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Nothing more can be done where a folder cannot be synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export class StateFile {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly source: StateSource,
  ) {}

  /** Writes the state now; a save asked for while one runs is done once more after it (asks meanwhile share it). */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    const previous = this.running ?? Promise.resolve();
    const next: Promise<void> = previous
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        this.running = next;
        return writeStateAtomically(this.path, this.source);
      })
      .finally(() => {
        if (this.running === next) this.running = undefined;
      });
    this.queued = next;
    return next;
  }

  /**
   * The write when the emulator stops. When it fails, the state goes to a file in the temporary folder (else the home
   * folder, else the working folder), and the Error says where, so no stop loses it.
   */
  async saveOnStop(): Promise<void> {
    try {
      await this.save();
      return;
    } catch (error) {
      const name = `passwordless-state-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`;
      const tried: string[] = [];
      for (const folder of [tmpdir(), homedir(), process.cwd()]) {
        const fallback = join(folder, name);
        try {
          await writeStateAtomically(fallback, this.source);
        } catch {
          tried.push(folder);
          continue;
        }
        throw new Error(
          `Could not write the state file ${this.path} (${reasonOf(error)}); the state was saved to ${fallback} ` +
            `instead. Move it to ${basename(this.path)} where you want it, and start with --state <that file>.`,
        );
      }
      throw new Error(
        `Could not write the state file ${this.path} (${reasonOf(error)}), nor a copy in ${tried.join(', ')}: the ` +
          'state of this run is lost.',
      );
    }
  }
}
