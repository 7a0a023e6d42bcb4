// The app client's key options, `apiSecret` and `apiKey`: each checked against `<appId>:<kind>:<32 hex digits>` at
// creation, so that a key passed as the other one, or an unset environment variable, fails before any request.
import { fail, type KeyCheck, typed } from './options.js';

/** The key, checked against `<appId>:<kind>:<32 hex digits>`; the message says what is wrong without repeating it. */
function checkKey(option: string, value: unknown, kind: string, otherOption: string): string | undefined {
  const key = typed<string | undefined>(option, value, 'string');
  const givenKind = key && /^[^:\s]+:(secret|public):[0-9a-f]{32}$/.exec(key)?.[1];
  if (key !== undefined && givenKind !== kind) {
    fail(
      option,
      !key
        ? 'is empty (is its environment variable set?)'
        : givenKind
          ? `holds a ${givenKind} key; pass that as ${otherOption}`
          : key.trim() !== key
            ? 'has leading or trailing whitespace'
            : `is malformed; expected \`<appId>:${kind}:\` and 32 lowercase hex digits`,
    );
  }
  return key;
}

export const appKeyOptions = {
  apiSecret: (value) => checkKey('apiSecret', value, 'secret', 'apiKey'),
  apiKey: (value) => checkKey('apiKey', value, 'public', 'apiSecret'),
} satisfies Record<string, KeyCheck>;
