import { registerPasskey } from '../../../src/recording/passkey-ceremonies.js';
import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'A user with a passkey and one with only an alias: lists and counts users, deletes one, counts again.',
  async run(context) {
    const { client } = context;
    await registerPasskey(context, 'user-users-1');
    await client.POST('/alias', { body: { userId: 'user-users-2', aliases: ['zoidberg@example.com'], hashing: false } });
    await client.GET('/users/list');
    await client.GET('/users/count');
    await client.POST('/users/delete', { body: { userId: 'user-users-1' } });
    await client.GET('/users/count');
  },
});
