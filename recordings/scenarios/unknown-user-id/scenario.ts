import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Asks about a userId the app has never seen: its credentials and aliases, and deleting it.',
  async run({ client }) {
    const userId = 'user-never-seen';
    await client.GET('/credentials/list', { params: { query: { userId } } });
    await client.GET('/alias/list', { params: { query: { userId } } });
    await client.POST('/users/delete', { body: { userId } });
  },
});
