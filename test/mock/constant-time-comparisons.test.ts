// Keys and MACs compare in constant time: the comparison reads every byte whatever the first difference, and the
// ManagementKey and the tokens' MAC go through it (spied on, the comparison otherwise unchanged), so an attacker who
// times the answers learns nothing byte by byte.
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it, vi } from 'vitest';
import * as comparisons from '../../src/emulator/auth/constant-time-equal.js';
import { constantTimeEqual, secretsEqual } from '../../src/emulator/auth/constant-time-equal.js';
import { decodeToken, encodeToken, newTokenKey } from '../../src/emulator/tokens/token-codec.js';
import { startMock } from '../../src/mock/index.js';

vi.mock('../../src/emulator/auth/constant-time-equal.js', async (importOriginal) => {
  const original = await importOriginal<typeof comparisons>();
  return { constantTimeEqual: vi.fn(original.constantTimeEqual), secretsEqual: vi.fn(original.secretsEqual) };
});

/** The bytes, counting how many of them a comparison reads. */
function counted(bytes: number[]) {
  const reads = { count: 0 };
  const array = new Proxy(new Uint8Array(bytes), {
    get(target, property) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads.count++;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { array, reads };
}

describe('constantTimeEqual', () => {
  it('reads every byte even when the first one differs', () => {
    const expected = Array.from({ length: 32 }, (_, i) => i);
    const firstDiffers = counted([255, ...expected.slice(1)]);
    const lastDiffers = counted([...expected.slice(0, 31), 255]);
    expect(constantTimeEqual(firstDiffers.array, new Uint8Array(expected))).toBe(false);
    expect(constantTimeEqual(lastDiffers.array, new Uint8Array(expected))).toBe(false);
    expect(firstDiffers.reads.count).toBe(32);
    expect(lastDiffers.reads.count).toBe(32);
    expect(constantTimeEqual(new Uint8Array(expected), new Uint8Array(expected))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });

  it('compares texts as digests, so neither a prefix nor the length shows', async () => {
    expect(await secretsEqual('management-key', 'management-key')).toBe(true);
    expect(await secretsEqual('management-ke', 'management-key')).toBe(false);
    expect(await secretsEqual('', 'management-key')).toBe(false);
  });
});

describe('what compares through it', () => {
  it("the tokens' MAC: a tampered token is checked against its whole MAC", async () => {
    const key = newTokenKey();
    const token = await encodeToken('verify_', key, { userId: 'u1' });
    vi.mocked(comparisons.constantTimeEqual).mockClear();
    // The envelope [mac, content, keyId] with the MAC's first byte changed: wrong from its very first byte.
    const [mac, content, keyId] = decode(Buffer.from(token.slice('verify_'.length), 'base64url')) as [
      Uint8Array,
      Uint8Array,
      number,
    ];
    mac[0] = mac[0]! ^ 0xff;
    const tampered = Buffer.from(encode([mac, content, keyId])).toString('base64url');
    expect(await decodeToken(tampered, key)).toEqual({ ok: false, reason: 'mac' });
    expect(comparisons.constantTimeEqual).toHaveBeenCalled();
    const [given, expected] = vi.mocked(comparisons.constantTimeEqual).mock.calls[0]!;
    expect(expected).toHaveLength(32);
    expect(given).toHaveLength(32);
  });

  it('the ManagementKey, on every management request', async () => {
    const managementKey = 'the-management-key-of-this-test';
    const mock = await startMock({ managementKey });
    try {
      vi.mocked(comparisons.secretsEqual).mockClear();
      const wrong = await fetch(`${mock.url}/admin/apps/test/api-keys`, {
        headers: { ManagementKey: 'xhe-management-key' },
      });
      expect(wrong.status).toBe(401);
      expect(comparisons.secretsEqual).toHaveBeenCalledWith('xhe-management-key', managementKey);
      const right = await fetch(`${mock.url}/admin/apps/test/api-keys`, { headers: { ManagementKey: managementKey } });
      expect(right.status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
