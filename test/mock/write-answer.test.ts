import type { ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import type { EmulatorResponse } from '../../src/emulator/index.js';
import { writeAnswer } from '../../src/mock/write-answer.js';

/** What writeAnswer hands node:http: the status, the headers as name-value pairs in order, and the body. */
function written(method: string, answer: EmulatorResponse, extraHeaders?: Record<string, string>) {
  const calls: { status?: number; headers?: [string, string][]; body?: unknown } = {};
  const response = {
    writeHead(status: number, headers: string[]) {
      calls.status = status;
      calls.headers = [];
      for (let i = 0; i < headers.length; i += 2) calls.headers.push([headers[i]!, headers[i + 1]!]);
    },
    end(body?: unknown) {
      calls.body = body;
    },
  } as unknown as ServerResponse;
  writeAnswer(response, method, answer, extraHeaders);
  return calls;
}

it('writes the headers in the order of the answer, extra headers over them, then the reason and the length', () => {
  const answer = {
    status: 200,
    headers: { 'content-type': 'application/json', connection: 'keep-alive', 'x-custom': 'one' },
    body: '{"é":1}',
    reason: 'Because: 100%',
  };
  expect(written('POST', answer, { connection: 'close', vary: 'origin' })).toEqual({
    status: 200,
    headers: [
      ['content-type', 'application/json'],
      ['connection', 'close'],
      ['x-custom', 'one'],
      ['vary', 'origin'],
      ['x-mock-reason', 'Because: 100%25'],
      ['content-length', '8'],
    ],
    body: '{"é":1}',
  });
});

it('sets a reason or a length the answer carries in its place, keeps them without a reason, and writes no body for HEAD', () => {
  const answer = {
    status: 404,
    headers: { 'x-mock-reason': 'given', 'content-length': '99', allow: 'GET' },
    body: 'abc',
  };
  expect(written('HEAD', answer)).toEqual({
    status: 404,
    headers: [
      ['x-mock-reason', 'given'],
      ['content-length', '3'],
      ['allow', 'GET'],
    ],
    body: undefined,
  });
  expect(written('GET', { ...answer, status: 204, reason: 'gone' }).headers).toEqual([
    ['x-mock-reason', 'gone'],
    ['content-length', '99'],
    ['allow', 'GET'],
  ]);
});
