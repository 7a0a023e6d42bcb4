// A vitest reporter beside the default one: at the end of a run it prints the run's wall time and its slowest files,
// so the suite's budget (docs/contributing.md) is read from every run instead of guessed. `npm test` (scripts/test.ts)
// adds the time of the checks that run before vitest.
import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest files to name. */
const slowestShown = 8;

/** A file's time in its worker: loading it, its setup and its tests with their hooks. */
function fileTime(module: TestModule): number {
  const { environmentSetupDuration, prepareDuration, collectDuration, setupDuration, duration } = module.diagnostic();
  return environmentSetupDuration + prepareDuration + collectDuration + setupDuration + duration;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export default class RunTimeReporter implements Reporter {
  private startedAt = performance.now();

  onTestRunStart(): void {
    this.startedAt = performance.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const wall = performance.now() - this.startedAt;
    const slowest = [...modules]
      .map((module) => ({ name: module.relativeModuleId, time: fileTime(module) }))
      .sort((a, b) => b.time - a.time)
      .slice(0, slowestShown);
    const lines = [
      `vitest wall time: ${seconds(wall)} for ${modules.length} files`,
      `slowest files: ${slowest.map(({ name, time }) => `${name} ${seconds(time)}`).join(', ')}`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
