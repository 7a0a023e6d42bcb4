import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Reads both periodic reports, with and without a date range, then sends a date that is not one.',
  async run({ client }) {
    await client.GET('/reporting/credentials/periodic', { params: { query: { from: '2024-01-01', to: '2024-01-31' } } });
    await client.GET('/reporting/credentials/periodic');
    await client.GET('/reporting/active-users/periodic', { params: { query: { from: '2024-01-01', to: '2024-01-31' } } });
    await client.GET('/reporting/active-users/periodic', {
      params: { query: { from: '31/01/2024' } },
    });
  },
});
