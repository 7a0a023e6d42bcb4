import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description:
    'Sends a magic link while the feature is off, turns it on, sends one to the admin, one to another address (a young ' +
    'app may only mail its admins) and one with a URL template that lacks $TOKEN.',
  async run({ client, adminEmail }) {
    const link = { userId: 'user-magic-1', urlTemplate: 'https://recorder.example.com/magic?token=$TOKEN', timeToLive: 600 };
    await client.POST('/magic-links/send', { body: { ...link, emailAddress: adminEmail } });
    await client.POST('/apps/features', { body: { enableMagicLinks: true, performedBy: 'recorder' } });
    await client.POST('/magic-links/send', { body: { ...link, emailAddress: adminEmail } });
    await client.POST('/magic-links/send', {
      body: { ...link, emailAddress: 'nibbler@example.com' },
    });
    await client.POST('/magic-links/send', {
      body: { ...link, emailAddress: adminEmail, urlTemplate: 'https://recorder.example.com/magic' },
    });
  },
});
