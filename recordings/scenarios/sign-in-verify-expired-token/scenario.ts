import { defineScenario, expectData } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Creates a sign-in token that lives one second, waits for it to expire, and verifies it.',
  async run({ client, wait }) {
    const { token } = expectData(
      await client.POST('/signin/generate-token', { body: { userId: 'user-expired-1', timeToLive: 1 } }),
      'POST /signin/generate-token',
    );
    await wait(2_000);
    await client.POST('/signin/verify', { body: { token } });
  },
});
