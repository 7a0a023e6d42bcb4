import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Creates a register token for a user with an alias, then one with every option set.',
  async run({ client }) {
    await client.POST('/register/token', {
      body: { userId: 'user-register-1', username: 'fry@example.com', displayName: 'Philip J Fry', aliases: ['fry@example.com'] },
    });
    await client.POST('/register/token', {
      body: {
        userId: 'user-register-2',
        username: 'leela@example.com',
        displayName: 'Turanga Leela',
        attestation: 'none',
        authenticatorType: 'cross-platform',
        discoverable: false,
        userVerification: 'required',
        aliases: ['leela@example.com', 'captain'],
        aliasHashing: false,
        hints: ['security-key'],
      },
    });
  },
});
