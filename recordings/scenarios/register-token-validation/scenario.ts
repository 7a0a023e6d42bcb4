import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Sends register tokens that fail validation: empty userId and username, then eleven aliases.',
  async run({ client }) {
    await client.POST('/register/token', { body: { userId: '', username: '' } });
    const aliases = Array.from({ length: 11 }, (_, index) => `alias-${index + 1}@example.com`);
    await client.POST('/register/token', {
      body: { userId: 'user-validation-1', username: 'amy@example.com', aliases },
    });
  },
});
