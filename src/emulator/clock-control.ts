// `/__mock/clock`, the control plane's clock: `GET` answers `{"now": "<ISO 8601>"}`; `POST` with
// `{"advanceSeconds": <n>}` moves it on (or back, with a negative number) and with `{"now": "<ISO 8601>"}` sets it,
// never back past an issued token unless the body adds `"allowBackwards": true`; `DELETE` puts it back on the real
// time. Each answers the new time. The server's daily clean-ups that a move passes run at once
// (EmulatorState.runDueChores).
import type { ReceivedBody } from './binding/json-body.js';
import { ClockRefusal } from './state/emulator-clock.js';
import type { EmulatorState } from './state/emulator-state.js';
import { jsonErrorWithoutText } from './values/json-error.js';
import { type EmulatorResponse, emulatorUsageProblem, jsonResponse } from './wire/problems.js';

export const clockRoute = '/__mock/clock';

/** What `GET` and `POST /__mock/clock` answer. */
export interface ClockView {
  now: string;
  /** When the latest token was issued, if one was since the start or the last reset: the clock stays after it. */
  latestTokenIssuedAt: string | null;
}

export const clockView = (state: EmulatorState): ClockView => {
  const issued = state.clock.latestTokenIssuedAt;
  return { now: state.clock.iso(), latestTokenIssuedAt: issued === undefined ? null : new Date(issued).toISOString() };
};

const usage =
  'POST /__mock/clock takes {"advanceSeconds": <seconds>} or {"now": "<ISO 8601>"}, and "allowBackwards": true to ' +
  'move back past an issued token.';

const wrongBody = (detail: string) => emulatorUsageProblem(400, 'Not a clock move', `${detail} ${usage}`);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function clockControl(state: EmulatorState) {
  return (method: string, body: ReceivedBody): EmulatorResponse => {
    switch (method) {
      case 'GET':
        return { ...jsonResponse(clockView(state)), reason: "The emulator's clock." };
      case 'POST':
        return move(state, body);
      case 'DELETE': {
        const before = state.clock.iso();
        state.clock.reset();
        state.runDueChores();
        return { ...jsonResponse(clockView(state)), reason: `The clock went back from ${before} to the real time.` };
      }
      default:
        return {
          ...emulatorUsageProblem(405, 'Method not allowed', `${clockRoute} takes GET, POST and DELETE.`),
          headers: { 'content-type': 'application/problem+json', allow: 'GET, POST, DELETE' },
        };
    }
  };
}

function move(state: EmulatorState, body: ReceivedBody): EmulatorResponse {
  let request: unknown;
  try {
    request = JSON.parse(new TextDecoder().decode(body.bytes));
  } catch (error) {
    return wrongBody(`The body is not JSON: ${jsonErrorWithoutText(error)}.`);
  }
  if (!isRecord(request)) return wrongBody('The body is not a JSON object.');
  const unknown = Object.keys(request).filter((name) => !['advanceSeconds', 'now', 'allowBackwards'].includes(name));
  if (unknown.length > 0) return wrongBody(`Unknown member ${JSON.stringify(unknown[0])}.`);
  const { advanceSeconds, now, allowBackwards } = request;
  if ((advanceSeconds === undefined) === (now === undefined))
    return wrongBody('Give either advanceSeconds or now, not both and not neither.');
  if (allowBackwards !== undefined && typeof allowBackwards !== 'boolean')
    return wrongBody('allowBackwards must be true or false.');
  if (advanceSeconds !== undefined && typeof advanceSeconds !== 'number')
    return wrongBody('advanceSeconds must be a number of seconds.');
  if (now !== undefined && typeof now !== 'string') return wrongBody('now must be an ISO 8601 text.');
  const before = state.clock.iso();
  try {
    const options = { allowBackwards: allowBackwards === true };
    if (typeof advanceSeconds === 'number') state.clock.advance(advanceSeconds, options);
    else state.clock.set(now as string, options);
  } catch (error) {
    if (!(error instanceof ClockRefusal)) throw error;
    return error.kind === 'backwards'
      ? emulatorUsageProblem(409, 'The clock would go back past an issued token', error.message)
      : wrongBody(error.message);
  }
  state.runDueChores();
  return { ...jsonResponse(clockView(state)), reason: `The clock moved from ${before} to ${state.clock.iso()}.` };
}
