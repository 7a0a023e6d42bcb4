// /magic-links/send as the server's MagicLinkService answers it: the link with its token in place of `$TOKEN` (kept in
// the outbox and given in the reason, since no mail leaves the machine), a token that verifies as `magic_link` for
// `timeToLive` seconds, and the limits of young apps (admin addresses only for 24 hours, a quota that grows with the
// app's age), which the fake clock walks through.
import { describe, expect, it } from 'vitest';
import { seed, startEmulator, withSecret } from './harness.js';

const managementKey = 'management-key-for-magic-links';
const admin = { ManagementKey: managementKey };

describe('a sent magic link', () => {
  it('carries a sign-in token in place of $TOKEN, in canonical form, kept in the outbox and named in the reason', async () => {
    const { post, emulator, violations } = await startEmulator();
    const sent = await post(
      '/magic-links/send',
      {
        emailAddress: 'fry@example.com',
        urlTemplate: 'https://app.example.com?token=$TOKEN',
        userId: 'fry',
        timeToLive: 60,
      },
      withSecret(),
    );
    expect(sent.status).toBe(204);
    const [link] = emulator.exportState().apps.find((app) => app.appId === seed.appId)?.magicLinks ?? [];
    expect(link).toMatchObject({ emailAddress: 'fry@example.com', userId: 'fry' });
    expect(link?.link).toMatch(/^https:\/\/app\.example\.com\/\?token=verify_[\w-]+$/);
    expect(sent.reason).toBe(`Magic link for fry@example.com: ${link?.link}`);
    const token = new URL(link?.link ?? '').searchParams.get('token');
    const verified = await post('/signin/verify', { token }, withSecret());
    expect(verified.body).toMatchObject({ userId: 'fry', type: 'magic_link', purpose: null });
    expect(Date.parse(verified.body.expiresAt) - Date.parse(verified.body.timestamp)).toBe(60_000);
    expect(violations).toEqual([]);
  });

  it('replaces $TOKEN exactly: `$token` passes validation and stays as it is', async () => {
    const { post, emulator } = await startEmulator();
    await post(
      '/magic-links/send',
      { emailAddress: 'fry@example.com', urlTemplate: 'https://app.example.com/?t=$token', userId: 'fry' },
      withSecret(),
    );
    const [link] = emulator.exportState().apps.find((app) => app.appId === seed.appId)?.magicLinks ?? [];
    expect(link?.link).toBe('https://app.example.com/?t=$token');
  });
});

describe('the limits of a young app', () => {
  it('mails only the admin addresses for 24 hours, and keeps a quota that grows with the app’s age', async () => {
    const { post, clock } = await startEmulator({ managementKey });
    const created = await post(
      '/admin/apps/youngapp/create',
      { adminEmail: 'admin@example.com', magicLinkEmailMonthlyQuota: 10 },
      admin,
    );
    const appSecret = withSecret(created.body.apiSecret1);
    const send = (emailAddress: string) =>
      post('/magic-links/send', { emailAddress, urlTemplate: 'https://a.example/?t=$TOKEN', userId: 'u1' }, appSecret);

    const stranger = await send('stranger@example.com');
    expect(stranger.status).toBe(403);
    expect(stranger.body).toMatchObject({
      errorCode: 'magic_link_email_admin_address_only',
      title:
        'Because your application has been created less than 24 hours ago, you can only request magic links to the admin email address.',
    });
    // Under a day old: a fifth of the monthly quota of 10.
    expect((await send('ADMIN@example.com')).status).toBe(204);
    expect((await send('admin@example.com')).status).toBe(204);
    const over = await send('admin@example.com');
    expect(over.status).toBe(429);
    expect(over.body.errorCode).toBe('magic_link_email_quota_exceeded');
    expect(over.reason).toBe("2 magic links sent in 30 days; the quota is 2 (10 × 0.2 for the app's age).");

    // Two days old: anyone, half the quota (5), the two links sent still counted.
    clock.advance(2 * 86_400_000);
    for (let sent = 2; sent < 5; sent++) expect((await send('stranger@example.com')).status).toBe(204);
    expect((await send('stranger@example.com')).status).toBe(429);
    // A month on, the quota is whole and the old links no longer count.
    clock.advance(31 * 86_400_000);
    expect((await send('stranger@example.com')).status).toBe(204);
  });
});
