// Replaying a recorded scenario (`useScenario`): each operation the scenario recorded answers with its recorded
// responses, in the recorded order (the last one repeats); other operations answer from the emulator's state. A request
// that fails the emulator's checks gets the emulator's answer and still takes its turn, so the next one gets the answer
// recorded after it. The emulator asks through its `answerFromOutside` option.
import type { EmulatorResponse, RoutedOperation } from '../emulator/index.js';
import type { RecordingFile } from '../recording/exchange.js';
import { recordedScenarios, type ScenarioName } from './recorded-scenarios.js';

export type { ScenarioName };

/** The names of the recorded scenarios `useScenario` accepts. */
export const scenarioNames = Object.keys(recordedScenarios) as ScenarioName[];

export class ScenarioReplay {
  private readonly recording: RecordingFile;
  private served = new Map<string, number>();

  constructor(name: ScenarioName) {
    if (!Object.hasOwn(recordedScenarios, name))
      throw new Error(`Unknown scenario "${String(name)}"; the recorded scenarios are: ${scenarioNames.join(', ')}.`);
    this.recording = recordedScenarios[name];
  }

  /** Back to each operation's first recorded answer. */
  rewind(): void {
    this.served = new Map();
  }

  /** The emulator's `answerFromOutside`: the next recorded answer of the operation, when the request passed. */
  readonly answerFromOutside = (operation: RoutedOperation, passed: boolean): EmulatorResponse | undefined => {
    const exchanges = this.recording.exchanges.filter(
      (exchange) => exchange.method === operation.method && exchange.path === operation.template,
    );
    const recorded = exchanges.at(Math.min(this.take(operation), exchanges.length - 1));
    if (!passed || !recorded) return undefined;
    const { status, contentType, body } = recorded;
    if (body === undefined) return { status, headers: {} };
    const type = contentType ?? (typeof body === 'string' ? 'text/plain' : 'application/json');
    return {
      status,
      headers: { 'content-type': type },
      body: /json/i.test(type) ? JSON.stringify(body) : String(body),
    };
  };

  /** This request's turn at the operation: 0 for its first request. */
  private take(operation: RoutedOperation): number {
    const key = `${operation.method} ${operation.template}`;
    const turn = this.served.get(key) ?? 0;
    this.served.set(key, turn + 1);
    return turn;
  }
}
