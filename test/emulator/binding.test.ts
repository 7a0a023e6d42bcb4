// The server's JSON binding rules (api-inventory §1.3) as the mock applies them to the spec's request schemas, one
// rule per test, on the bundled spec's real schemas.
import { describe, expect, it } from 'vitest';
import { Binder } from '../../src/emulator/binding/binder.js';
import { loadSpecDocument } from '../../src/mock/load-spec-document.js';

const spec = loadSpecDocument();
const binder = new Binder(spec);
const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('binding a body like System.Text.Json with the server settings', () => {
  it('matches member names case-insensitively and writes them as the spec names them', () => {
    expect(
      binder.bind(
        { USERID: 'u1', UserName: 'fry', displayname: 'Fry', Aliases: ['a'] },
        schema('RegisterTokenRequest'),
      ),
    ).toEqual({
      userId: 'u1',
      username: 'fry',
      displayName: 'Fry',
      aliases: ['a'],
    });
  });

  it('drops members the schema does not know', () => {
    expect(binder.bind({ userId: 'u1', colour: 'green' }, schema('UserIdRequest'))).toEqual({ userId: 'u1' });
  });

  it('turns a number, a boolean, an object or an array into a string where a string is expected', () => {
    expect(
      binder.bind({ userId: 123, username: false, displayName: { a: 1 } }, schema('RegisterTokenRequest')),
    ).toEqual({
      userId: '123',
      username: 'False',
      displayName: '{"a":1}',
    });
  });

  it('turns a numeric string into a number where a number is expected, and leaves other strings alone', () => {
    expect(binder.bind({ timeToLive: '30' }, schema('SendMagicLinkRequest'))).toEqual({ timeToLive: 30 });
    expect(binder.bind({ timeToLive: 'soon' }, schema('SendMagicLinkRequest'))).toEqual({ timeToLive: 'soon' });
  });

  it('matches enum values case-insensitively, also inside arrays', () => {
    expect(binder.bind({ hints: ['SECURITY-KEY', 'Hybrid'] }, schema('RegisterTokenRequest'))).toEqual({
      hints: ['security-key', 'hybrid'],
    });
  });

  it('treats null in an optional string member as absent, but keeps it for a required one', () => {
    expect(binder.bind({ userId: null, attestation: null }, schema('RegisterTokenRequest'))).toEqual({ userId: null });
  });

  it('leaves a value it cannot convert for validation to report', () => {
    expect(binder.bind({ discoverable: 'yes' }, schema('RegisterTokenRequest'))).toEqual({ discoverable: 'yes' });
  });

  it('reads query values as their schema types, booleans in any case', () => {
    expect(binder.bindQueryValue(['TRUE'], { type: 'boolean' })).toBe(true);
    expect(binder.bindQueryValue(['25'], { type: 'integer' })).toBe(25);
    expect(binder.bindQueryValue(['many'], { type: 'integer' })).toBe('many');
  });
});
