import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Gives one user an alias, then asks for the same alias for another user, in a register token and with /alias.',
  async run({ client }) {
    const alias = 'hermes@example.com';
    await client.POST('/alias', { body: { userId: 'user-conflict-a', aliases: [alias], hashing: false } });
    await client.POST('/register/token', {
      body: { userId: 'user-conflict-b', username: 'conrad@example.com', aliases: [alias] },
    });
    // Only a server on MSSQL answers 409 here; on SQLite it answers 204 and stores nothing.
    await client.POST('/alias', {
      body: { userId: 'user-conflict-b', aliases: [alias], hashing: false },
    });
  },
});
