import { defineScenario, expectData } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Verifies a register token (wrong prefix), a verify_ token that does not decode, and an empty token.',
  async run({ client }) {
    const { token: registerToken } = expectData(
      await client.POST('/register/token', { body: { userId: 'user-malformed-1', username: 'kif@example.com' } }),
      'POST /register/token',
    );
    await client.POST('/signin/verify', { body: { token: registerToken } });
    await client.POST('/signin/verify', { body: { token: 'verify_this-is-not-a-token' } });
    await client.POST('/signin/verify', { body: { token: '' } });
  },
});
