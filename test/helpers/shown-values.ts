// What the code under test shows of a value: written to the console (captured per test and kept out of the test
// output) or rendered in any way a log could render it, so that a test can assert that no key reaches a log line.
import { inspect } from 'node:util';
import { beforeEach, vi } from 'vitest';

/** Registers a beforeEach that captures every console method; the returned list holds this test's lines. */
export function captureConsole(): string[] {
  const logged: string[] = [];
  beforeEach(() => {
    logged.length = 0;
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => inspect(arg, { depth: Infinity })).join(' '));
      });
    }
  });
  return logged;
}

/** Every way a value can be shown: inspect (hidden members too), JSON, String, and for errors their stack and cause. */
export function renderings(value: unknown): string[] {
  const shown = [inspect(value, { depth: Infinity, showHidden: true, getters: true }), String(value)];
  try {
    shown.push(JSON.stringify(value) ?? '');
  } catch {
    // Values JSON cannot hold are covered by inspect.
  }
  if (value instanceof Error) {
    shown.push(
      value.stack ?? '',
      JSON.stringify(Object.getOwnPropertyDescriptors(value)),
      inspect(value.cause, { depth: Infinity, showHidden: true }),
    );
  }
  return shown;
}
