// The emulator against the real server: every recorded scenario, in both environments, and the recorded management
// flows, replayed against a fresh emulator and compared exchange by exchange (src/recording/compare-recordings.ts).
// Every answer is also checked against the spec. A difference fails the suite unless it is in the deliberate list.
import { afterAll, describe, expect, it } from 'vitest';
import { deliberateDifferences } from './deliberate-differences.js';
import { replayFlows } from './replay-flows.js';
import { replayScenarios, type ScenarioDifference } from './replay-scenarios.js';

const tally = { total: 0, matching: 0, deliberate: 0 };

afterAll(() => {
  console.log(
    `conformance: ${tally.matching}/${tally.total} exchanges match (${tally.deliberate} deliberate differences)`,
  );
});

const isDeliberate = (difference: ScenarioDifference) =>
  deliberateDifferences.some(
    (entry) =>
      entry.scenario === difference.scenario &&
      entry.exchange === difference.index &&
      entry.environments.includes(difference.environment),
  );

describe.each(['Development', 'Production'] as const)('the scenarios recorded in %s', (environment) => {
  it("get the real server's answers from a fresh emulator, but for the deliberate differences", async () => {
    const run = await replayScenarios(environment);
    tally.total += run.total;
    tally.matching += run.matching;
    tally.deliberate += run.differences.filter(isDeliberate).length;
    const unexplained = run.differences.filter((difference) => !isDeliberate(difference));
    expect(unexplained.map((d) => `${d.scenario} #${d.index} ${d.method} ${d.path}: ${d.what}`)).toEqual([]);
    // The list stays true: each entry for this environment still differs.
    const stale = deliberateDifferences.filter(
      (entry) =>
        entry.environments.includes(environment) &&
        !run.differences.some(
          (difference) => difference.scenario === entry.scenario && difference.index === entry.exchange,
        ),
    );
    expect(stale.map((entry) => `${entry.scenario} #${entry.exchange}`)).toEqual([]);
    expect(run.contractViolations).toEqual([]);
  }, 120_000);
});

describe('the recorded management flows', () => {
  it("get the real server's answers from a fresh emulator", async () => {
    const run = await replayFlows();
    tally.total += run.total;
    tally.matching += run.matching;
    expect(run.differences.map((d) => `${d.flow} #${d.step} ${d.method} ${d.path}: ${d.what}`)).toEqual([]);
    expect(run.contractViolations).toEqual([]);
  }, 60_000);
});
