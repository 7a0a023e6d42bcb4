// `npm test`: the checks (generated files fresh, lint, types), side by side since none writes anything, then vitest
// with the arguments given (`npm test -- test/client`), and one last line with the wall time of each part and of the
// whole run: the suite's budget (docs/contributing.md) is read from every run.
import { spawn } from 'node:child_process';

const checks = ['generate:check', 'lint', 'typecheck'];
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

interface Finished {
  code: number;
  output: string;
  took: number;
}

/** Runs a command; its output is kept (`show: false`) or shown as it comes. */
function run(command: string, args: string[], show: boolean): Promise<Finished> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: show ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n`, took: 0 }));
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), output, took: performance.now() - started }),
    );
  });
}

const started = performance.now();
const checked = await Promise.all(checks.map((script) => run('npm', ['run', '--silent', script], false)));
const times = checks.map((script, i) => `${script} ${seconds(checked[i]!.took)}`);
let failed = false;
for (const [i, script] of checks.entries()) {
  const { code, output } = checked[i]!;
  if (code === 0) continue;
  failed = true;
  process.stderr.write(`\nnpm run ${script} failed (exit ${code}):\n${output}`);
}
if (!failed) {
  const vitest = await run('vitest', ['run', ...process.argv.slice(2)], true);
  times.push(`vitest ${seconds(vitest.took)}`);
  failed = vitest.code !== 0;
}
console.log(
  `\nnpm test: ${seconds(performance.now() - started)} wall (${times.join(', ')})${failed ? ', failed' : ''}`,
);
process.exitCode = failed ? 1 : 0;
