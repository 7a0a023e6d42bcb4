import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description:
    'Lists the authentication configurations, adds one, reads it, edits it and deletes it; then the failures: adding ' +
    'a preset, editing and deleting an unknown purpose, deleting a preset.',
  async run({ client }) {
    const purpose = 'recorder-step-up';
    const performedBy = 'recorder';
    await client.GET('/auth-configs/list');
    await client.POST('/auth-configs/add', {
      body: { purpose, userVerificationRequirement: 'required', timeToLive: '00:05:00', hints: ['security-key'], performedBy },
    });
    await client.GET('/auth-configs/list', { params: { query: { purpose } } });
    await client.POST('/auth-configs', {
      body: { purpose, userVerificationRequirement: 'preferred', timeToLive: '00:10:00', hints: [], performedBy },
    });
    await client.POST('/auth-configs/delete', { body: { purpose, performedBy } });
    await client.POST('/auth-configs/add', { body: { purpose: 'sign-in', performedBy } });
    await client.POST('/auth-configs', { body: { purpose, performedBy } });
    await client.POST('/auth-configs/delete', { body: { purpose, performedBy } });
    await client.POST('/auth-configs/delete', { body: { purpose: 'sign-in', performedBy } });
  },
});
