// `npm run bench`: runs every benchmark in bench/ (each *.ts file but this one) in turn, in a process of its own, so
// one bench's warm-up or leftovers do not move the next one's figures; each runs with its own defaults.
//   npm run bench [-- --only client-overhead]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { only: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
});
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const all = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();
if (values.help) {
  console.log(`Usage: npm run bench [-- --only <name> ...]\nBenchmarks: ${all.join(', ')}`);
  process.exit(0);
}
const unknown = (values.only ?? []).filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${all.join(', ')}`);
  process.exit(2);
}
const selected = values.only?.length ? all.filter((name) => values.only!.includes(name)) : all;

const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const failed: string[] = [];
for (const name of selected) {
  console.log(`\n=== ${name} ===`);
  const { status, error } = spawnSync(tsx, [`${benchDir}${name}.ts`], { stdio: 'inherit' });
  if (error || status !== 0) failed.push(`${name} (${error?.message ?? `exit ${status}`})`);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
