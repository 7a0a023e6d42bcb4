import { defineScenario, expectData } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Creates a sign-in token on the backend (no passkey) and verifies it.',
  async run({ client, origin, rpId }) {
    const { token } = expectData(
      await client.POST('/signin/generate-token', {
        body: { userId: 'user-generated-1', timeToLive: 60, purpose: 'sign-in', origin, rpid: rpId },
      }),
      'POST /signin/generate-token',
    );
    await client.POST('/signin/verify', { body: { token } });
  },
});
