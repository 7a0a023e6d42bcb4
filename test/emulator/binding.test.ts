// The server's JSON binding rules (api-inventory §1.3, System.Text.Json with the server's converters) as the binder
// applies them to the spec's request schemas, one rule per test, on the bundled spec's real schemas and on schemas
// written here in both nullable forms.
import { describe, expect, it } from 'vitest';
import { Binder } from '../../src/emulator/binding/binder.js';
import { loadSpecDocument } from '../../src/mock/load-spec-document.js';

const spec = loadSpecDocument();
const binder = new Binder(spec);
const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Binds JSON text to a component schema; the bound value, or the reason the server's reader gives. */
function bind(text: string, name: string): unknown {
  const result = binder.bindBody(text, schema(name));
  return result.ok ? result.value : { refused: result.reason };
}
const json = (value: unknown) => JSON.stringify(value);

describe('member names and unknown members', () => {
  it('matches member names in any case and writes them as the spec names them', () => {
    const text = json({ USERID: 'u1', UserName: 'fry', displayname: 'Fry', Aliases: ['a'] });
    expect(bind(text, 'RegisterTokenRequest')).toEqual({
      userId: 'u1',
      username: 'fry',
      displayName: 'Fry',
      aliases: ['a'],
    });
  });

  it('takes the last of members that differ only in case, as each one sets the same C# property', () => {
    expect(bind('{"userId":"a","USERID":"b","userid":"c"}', 'UserIdRequest')).toEqual({ userId: 'c' });
  });

  it('drops members the schema does not know', () => {
    expect(bind(json({ userId: 'u1', colour: 'green' }), 'UserIdRequest')).toEqual({ userId: 'u1' });
  });

  it('treats __proto__, constructor and prototype as unknown members: nothing they hold is bound', () => {
    const bound = bind(
      '{"__proto__":{"userId":"p","aliases":["p@x"]},"constructor":{"userId":"c"},"prototype":{"aliases":[]}}',
      'SetAliasesRequest',
    ) as Record<string, unknown>;
    expect(bound).toEqual({});
    expect(Object.getPrototypeOf(bound)).toBe(Object.prototype);
    expect(bound.userId).toBeUndefined();
    expect(bound.aliases).toBeUndefined();
  });

  it('binds an own member next to a __proto__ member, and leaves Object.prototype alone', () => {
    expect(bind('{"__proto__":{"polluted":1},"userId":"u1"}', 'UserIdRequest')).toEqual({ userId: 'u1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('string members (AutoNumberToStringConverter)', () => {
  it('turns a number into its .NET text, a boolean into True/False, an object or array into its JSON as sent', () => {
    const text = '{"userId": 123, "username": false, "displayName": { "a" : [1, 2] }, "type": [ true ]}';
    expect(bind(text, 'RegisterTokenRequest')).toEqual({
      userId: '123',
      username: 'False',
      displayName: '{ "a" : [1, 2] }',
      type: '[ true ]',
    });
  });

  it('writes a number as .NET does: Int64 digits exactly, other numbers as double.ToString() writes them', () => {
    const values = [
      '9007199254740993',
      '1.0',
      '1e2',
      '1.5',
      '1e15',
      '0.00001',
      '-1e-400',
      '1e400',
      '12345678901234567890',
    ];
    const bound = values.map((value) => (bind(`{"userId": ${value}}`, 'UserIdRequest') as { userId: string }).userId);
    expect(bound).toEqual([
      '9007199254740993',
      '1',
      '100',
      '1.5',
      '1E+15',
      '1E-05',
      '-0',
      '1e400',
      '1.2345678901234567E+19',
    ]);
  });

  it('turns the items of a string array into text too', () => {
    expect(bind('{"userId":"u","aliases":[1, true, "a"]}', 'SetAliasesRequest')).toEqual({
      userId: 'u',
      aliases: ['1', 'True', 'a'],
    });
  });

  it('refuses a string whose escapes give half a surrogate pair, but reads a whole pair', () => {
    expect(bind(String.raw`{"userId":"\ud83d\ude00"}`, 'UserIdRequest')).toEqual({ userId: '😀' });
    expect(bind(String.raw`{"userId":"\ud83d"}`, 'UserIdRequest')).toEqual({
      refused: expect.stringMatching(/^Cannot read invalid UTF-16 JSON text as string/),
    });
  });
});

describe('members of other C# types refuse what their converter cannot read', () => {
  it('a SignInPurpose (SignInPurposeConverter) takes only a string, and reads an empty or blank one as null', () => {
    expect(bind('{"purpose": 7}', 'SigninBeginRequest')).toEqual({
      refused: expect.stringMatching(/Path: \$\.purpose\.$/),
    });
    expect(bind('{"purpose": true}', 'SigninBeginRequest')).toHaveProperty('refused');
    expect(bind('{"purpose": ""}', 'SigninBeginRequest')).toEqual({ purpose: null });
    expect(bind('{"purpose": " \\t"}', 'SigninBeginRequest')).toEqual({ purpose: null });
    expect(bind('{"purpose": null}', 'SigninBeginRequest')).toEqual({ purpose: null });
    expect(bind('{"purpose": "step-up"}', 'SigninBeginRequest')).toEqual({ purpose: 'step-up' });
  });

  it("a byte[] with Base64UrlConverter decodes its token's text, whatever the token", () => {
    expect(bind('{"credentialId": 5}', 'DeleteCredentialRequest')).toHaveProperty('refused');
    expect(bind('{"credentialId": "ab+/"}', 'DeleteCredentialRequest')).toEqual({
      refused: 'Expected data to be in Base64Url format, but received Base64 encoding instead. Path: $.credentialId.',
    });
    // Padding and white space are allowed; what binds is written back as base64url without padding.
    expect(bind('{"credentialId": "Y3Jl ZGVu\\ndGlhbA=="}', 'DeleteCredentialRequest')).toEqual({
      credentialId: 'Y3JlZGVudGlhbA',
    });
    // The converter reads a number's digits as base64url, as the server's does (`1234` is 3 bytes).
    expect(bind('{"credentialId": 1234}', 'DeleteCredentialRequest')).toEqual({ credentialId: '1234' });
    expect(bind('{"credentialId": {}}', 'DeleteCredentialRequest')).toHaveProperty('refused');
  });

  it('a Guid takes only the hyphenated form, and is written in lower case', () => {
    const guid = 'EE882879-721C-4913-9775-3DFCCE97072A';
    expect(bind(json({ aaGuids: [guid] }), 'RemoveAuthenticatorsRequest')).toEqual({ aaGuids: [guid.toLowerCase()] });
    for (const bad of ['{ee882879-721c-4913-9775-3dfcce97072a}', 'ee882879721c491397753dfcce97072a', 5]) {
      expect(bind(json({ aaGuids: [bad] }), 'RemoveAuthenticatorsRequest')).toHaveProperty('refused');
    }
  });

  it('a DateTime takes an offset, Z or none, and comes out as the UTC instant', () => {
    const expiry = (value: unknown) =>
      (bind(json({ expiresAt: value }), 'RegisterTokenRequest') as { expiresAt?: string }).expiresAt;
    expect(expiry('2030-01-01T00:00:00+00:00')).toBe('2030-01-01T00:00:00Z');
    expect(expiry('2030-01-01T00:00:00+02:00')).toBe('2029-12-31T22:00:00Z');
    expect(expiry('2030-01-01T00:00:00')).toBe('2030-01-01T00:00:00Z');
    expect(expiry('2030-01-01')).toBe('2030-01-01T00:00:00Z');
    expect(expiry('2023-09-09T20:09:59.6986743Z')).toBe('2023-09-09T20:09:59.6986743Z');
    for (const bad of [null, 1893456000, '2030-01-01T00:00:00+15:00', '2030-13-01', 'tomorrow']) {
      expect(bind(json({ expiresAt: bad }), 'RegisterTokenRequest')).toHaveProperty('refused');
    }
  });

  it('a TimeSpan reads what .NET reads and is written in its "c" format', () => {
    const ttl = (value: unknown) =>
      (
        bind(json({ purpose: 'p', performedBy: 'x', timeToLive: value }), 'SetAuthConfigRequest') as {
          timeToLive?: string;
        }
      ).timeToLive;
    expect(ttl('00:03:00')).toBe('00:03:00');
    expect(ttl('1.13:00:00')).toBe('1.13:00:00');
    expect(ttl('10.00:00')).toBe('10.00:00:00');
    expect(ttl('   1:2:3')).toBe('01:02:03');
    for (const bad of ['1:2:3', '00:00:60', 180, null, '00:03:00 ']) {
      expect(bind(json({ purpose: 'p', timeToLive: bad }), 'SetAuthConfigRequest')).toHaveProperty('refused');
    }
  });

  it('a Fido2 enum takes its names in any case or a defined number, and is written by name', () => {
    expect(bind(json({ hints: ['SECURITY-KEY', 'Hybrid', 1] }), 'RegisterTokenRequest')).toEqual({
      hints: ['security-key', 'hybrid', 'client-device'],
    });
    for (const bad of ['SecurityKey', 3, true, null]) {
      expect(bind(json({ hints: [bad] }), 'RegisterTokenRequest')).toHaveProperty('refused');
    }
    expect(bind(json({ purpose: 'p', userVerificationRequirement: 2 }), 'SetAuthConfigRequest')).toMatchObject({
      userVerificationRequirement: 'discouraged',
    });
  });

  it('a C# enum without a converter takes any Int32, and no name', () => {
    expect(bind(json({ scopes: [0, 1, 7] }), 'CreatePublicKeyRequest')).toEqual({ scopes: [0, 1, 7] });
    expect(bind(json({ scopes: ['register'] }), 'CreatePublicKeyRequest')).toHaveProperty('refused');
    expect(bind(json({ scopes: ['0'] }), 'CreatePublicKeyRequest')).toHaveProperty('refused');
  });

  it('an Int32 takes an integer number or a numeric string, and no fraction, exponent or overflow', () => {
    const ttl = (text: string) => bind(`{"timeToLive": ${text}}`, 'SendMagicLinkRequest');
    expect(ttl('30')).toEqual({ timeToLive: 30 });
    expect(ttl('"30"')).toEqual({ timeToLive: 30 });
    expect(ttl('"+030"')).toEqual({ timeToLive: 30 });
    for (const bad of ['30.0', '3e1', '2147483648', '" 30"', '"soon"', 'true'])
      expect(ttl(bad)).toHaveProperty('refused');
  });

  it('a bool takes only true and false', () => {
    for (const bad of ['"yes"', '"true"', '1', 'null']) {
      expect(bind(`{"discoverable": ${bad}}`, 'RegisterTokenRequest')).toEqual({
        refused: 'The JSON value could not be converted to System.Boolean. Path: $.discoverable.',
      });
    }
  });
});

describe('null', () => {
  it('fails a value type the spec does not let be null, and binds a nullable one', () => {
    expect(bind('{"timeToLive": null}', 'SendMagicLinkRequest')).toEqual({ timeToLive: null });
    expect(bind('{"tokenId": null}', 'RegisterTokenRequest')).toEqual({
      refused: 'The JSON value could not be converted to System.Guid. Path: $.tokenId.',
    });
  });

  it('binds as null into a reference type, whatever the spec says its type is', () => {
    expect(bind('{"userId": null, "attestation": null, "hints": null}', 'RegisterTokenRequest')).toEqual({
      userId: null,
      attestation: null,
      hints: null,
    });
  });

  it('reads both ways the spec may write a nullable (type: [T, null] and anyOf with null)', () => {
    const typeArray = { type: 'object', properties: { when: { type: ['string', 'null'], format: 'date-time' } } };
    const anyOf = {
      type: 'object',
      properties: { when: { anyOf: [{ $ref: '#/components/schemas/UtcDateTime' }, { type: 'null' }] } },
    };
    for (const nullable of [typeArray, anyOf]) {
      expect(binder.bindBody('{"when": null}', nullable)).toEqual({ ok: true, value: { when: null } });
      expect(binder.bindBody('{"when": "2030-01-01T01:00:00+01:00"}', nullable)).toEqual({
        ok: true,
        value: { when: '2030-01-01T00:00:00Z' },
      });
      expect(binder.bindBody('{"when": 5}', nullable)).toMatchObject({ ok: false });
    }
    const notNullable = { type: 'object', properties: { when: { type: 'string', format: 'date-time' } } };
    expect(binder.bindBody('{"when": null}', notNullable)).toMatchObject({ ok: false });
  });
});

describe('the shape of the body', () => {
  it('refuses a missing C# required member, but not one sent as null', () => {
    expect(bind('{"timeToLive": 30}', 'SigninTokenRequest')).toEqual({
      refused: 'JSON deserialization was missing required properties, including the following: userId. Path: $.',
    });
    expect(bind('{"userId": null}', 'SigninTokenRequest')).toEqual({ userId: null });
  });

  it('refuses a body that is no JSON object', () => {
    expect(bind('["u1"]', 'UserIdRequest')).toEqual({
      refused: 'The JSON value could not be converted to UserIdRequest: the body must be a JSON object. Path: $.',
    });
  });

  it('takes `extensions` for `clientExtensionResults` of an assertion, as fido2-net-lib does', () => {
    const bound = bind('{"id":"a","rawId":"AA","extensions":{"appid":false}}', 'AuthenticatorAssertionResponse');
    expect(bound).toEqual({ id: 'a', rawId: 'AA', clientExtensionResults: { appid: false } });
    expect(
      bind('{"id":"a","rawId":"AA","extensions":{"appid":"no"}}', 'AuthenticatorAssertionResponse'),
    ).toHaveProperty('refused');
  });
});

describe('query values', () => {
  it('reads them as ASP.NET parses them: booleans in any case, integers with a sign and white space', () => {
    expect(binder.bindQueryValue(['TRUE'], { type: 'boolean' })).toBe(true);
    expect(binder.bindQueryValue(['25'], { type: 'integer' })).toBe(25);
    expect(binder.bindQueryValue([' +25 '], { type: 'integer' })).toBe(25);
    expect(binder.bindQueryValue(['many'], { type: 'integer' })).toBe('many');
    expect(binder.bindQueryValue(['2.5'], { type: 'integer' })).toBe('2.5');
  });
});
