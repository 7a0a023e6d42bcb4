// `npm run spec:diff -- [<base> [<head>]] [--json]`: every change from one bundled spec to another, one line each, and
// whether it can break a client generated from <base>. Exits 1 when a change is breaking, 0 otherwise, 2 when a spec
// cannot be read. With no arguments it compares the working spec (openapi/) with the last release.
import { parseArgs } from 'node:util';
import { compareSpecs, neededBump, type SpecChange } from './spec-changes.js';
import { readBaseline, readSpec, readWorkingSpec, type Spec, SpecSourceError, versionOf } from './spec-source.js';

const usage = `Usage: npm run spec:diff -- [<base> [<head>]] [--json]
  <base>  the earlier spec: a file (JSON or YAML), or a git ref whose generated/openapi.json is read (<ref>:<path>
          for another file); default: the last release (release/baseline.yaml)
  <head>  the later spec, in the same forms; default: the working spec (openapi/, bundled as npm run generate does)
  --json  one JSON document instead of lines
Exit code: 1 when a change can break a client generated from <base>, 0 otherwise, 2 when a spec cannot be read.`;

let values: { json?: boolean; help?: boolean };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (positionals.length > 2) {
  console.error(`spec:diff takes at most two specs, not ${positionals.length}.\n\n${usage}`);
  process.exit(2);
}

let base: Spec;
let head: Spec;
let baseName: string;
let headName: string;
try {
  [baseName, base] = positionals[0] ? [positionals[0], readSpec(positionals[0])] : ['the last release', readBaseline()];
  [headName, head] = positionals[1]
    ? [positionals[1], readSpec(positionals[1])]
    : ['the working spec', readWorkingSpec()];
} catch (error) {
  if (!(error instanceof SpecSourceError)) throw error;
  console.error(`spec:diff: ${error.message}`);
  process.exit(2);
}

const changes = compareSpecs(base, head);
const count = (level: SpecChange['level']) => changes.filter((change) => change.level === level).length;
const breaking = count('breaking');
const bump = changes.length ? neededBump(changes) : 'none';

if (values.json) {
  const document = {
    base: { source: baseName, version: versionOf(base) },
    head: { source: headName, version: versionOf(head) },
    breaking,
    compatible: count('compatible'),
    docs: count('docs'),
    neededBump: bump,
    changes,
  };
  console.log(JSON.stringify(document, null, 2));
} else {
  const width = Math.max(0, ...changes.map((change) => change.operation.length));
  for (const change of changes)
    console.log(`${change.level.padEnd(10)} ${change.operation.padEnd(width)}  ${change.what}`);
  const from = `${baseName} (${versionOf(base)})`;
  const to = `${headName} (${versionOf(head)})`;
  console.log(
    changes.length === 0
      ? `No changes from ${from} to ${to}.`
      : `${changes.length} change${changes.length === 1 ? '' : 's'} from ${from} to ${to}: ${breaking} breaking, ${count('compatible')} compatible, ` +
          `${count('docs')} docs. ${breaking ? 'A client generated from the base may break: that takes a major release.' : `The smallest release for them: ${bump}.`}`,
  );
}
// exitCode, not exit(): the output must reach a pipe in full before the process ends.
process.exitCode = breaking ? 1 : 0;
