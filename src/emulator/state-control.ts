// The emulator's own endpoints, for test suites (as Firebase's emulators have theirs), under a prefix the server never
// uses: `GET /__mock/state` exports the state as JSON, `PUT /__mock/state` replaces it with an exported one, and
// `DELETE /__mock/state` resets it to the start (issued tokens stop verifying). They need no key: the emulator is a
// development tool on your own machine.
import type { ReceivedBody } from './binding/json-body.js';
import type { EmulatorState } from './state/emulator-state.js';
import { type EmulatorResponse, emptyResponse, emulatorUsageProblem, jsonResponse } from './wire/problems.js';

export const stateControlPrefix = '/__mock/';

export function stateControl(state: EmulatorState) {
  return async (method: string, pathname: string, body: ReceivedBody): Promise<EmulatorResponse> => {
    if (pathname.replace(/\/+$/, '').toLowerCase() !== '/__mock/state') {
      return emulatorUsageProblem(
        404,
        'Unknown emulator endpoint',
        `${pathname} is not an emulator endpoint; the one there is is /__mock/state (GET, PUT, DELETE).`,
      );
    }
    switch (method) {
      case 'GET':
        return { ...jsonResponse(state.export()), reason: 'The emulator state, exported.' };
      case 'DELETE':
        await state.reset();
        return emptyResponse(204, 'The emulator state was reset.');
      case 'PUT': {
        let snapshot: unknown;
        try {
          snapshot = JSON.parse(new TextDecoder().decode(body.bytes));
        } catch (error) {
          return emulatorUsageProblem(
            400,
            'Not an emulator state',
            `The body is not JSON: ${(error as Error).message}.`,
          );
        }
        try {
          state.restore(snapshot);
        } catch (error) {
          return emulatorUsageProblem(400, 'Not an emulator state', (error as Error).message);
        }
        return emptyResponse(204, 'The emulator state was replaced.');
      }
      default:
        return {
          ...emulatorUsageProblem(405, 'Method not allowed', '/__mock/state takes GET, PUT and DELETE.'),
          headers: { 'content-type': 'application/problem+json', allow: 'GET, PUT, DELETE' },
        };
    }
  };
}
