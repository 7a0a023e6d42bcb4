import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Sets a user\'s aliases in plain text and lists them, then replaces them with a hashed alias and lists again.',
  async run({ client }) {
    const userId = 'user-alias-1';
    await client.POST('/alias', { body: { userId, aliases: ['bender@example.com', 'bender'], hashing: false } });
    await client.GET('/alias/list', { params: { query: { userId } } });
    await client.POST('/alias', { body: { userId, aliases: ['rodriguez@example.com'] } });
    await client.GET('/alias/list', { params: { query: { userId } } });
  },
});
