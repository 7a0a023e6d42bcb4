import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Creates a register token so that something is logged, reads the first page of events, then asks for page 0.',
  async run({ client }) {
    await client.POST('/register/token', { body: { userId: 'user-events-1', username: 'scruffy@example.com' } });
    await client.GET('/events', { params: { query: { pageNumber: 1, numberOfResults: 10 } } });
    await client.GET('/events', { params: { query: { pageNumber: 0 } } });
  },
});
