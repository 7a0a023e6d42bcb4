// The request log under load: lines gathered per turn of the event loop and written at once, none lost when the
// process exits before that turn ends.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { batchedLines } from '../../src/mock/batched-lines.js';

it('writes the lines of one turn together, in order, after the turn', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'batched-lines-'));
  const file = join(folder, 'log.txt');
  const fd = openSync(file, 'w');
  try {
    const log = batchedLines(fd);
    log('POST /register/token 200 1.0 ms');
    log('GET /users/count 200 0.5 ms');
    expect(readFileSync(file, 'utf8')).toBe('');
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(file, 'utf8')).toBe('POST /register/token 200 1.0 ms\nGET /users/count 200 0.5 ms\n');
    log('GET /alias/list 200 0.7 ms');
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(file, 'utf8')).toMatch(/0\.5 ms\nGET \/alias\/list 200 0\.7 ms\n$/);
  } finally {
    closeSync(fd);
    rmSync(folder, { recursive: true, force: true });
  }
});

it('writes what is still gathered when the process exits at once', () => {
  const module = fileURLToPath(new URL('../../src/mock/batched-lines.ts', import.meta.url));
  const script = `import { batchedLines } from ${JSON.stringify(module)}; const log = batchedLines(); log('last line'); process.exit(0);`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(output).toBe('last line\n');
});
