import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description:
    'Turns off manually generated sign-in tokens and tries to generate one, turns them back on, then sends a ' +
    'retention period out of range.',
  async run({ client }) {
    await client.POST('/apps/features', { body: { enableManuallyGeneratedAuthenticationTokens: false, performedBy: 'recorder' } });
    await client.POST('/signin/generate-token', { body: { userId: 'user-features-1' } });
    await client.POST('/apps/features', { body: { enableManuallyGeneratedAuthenticationTokens: true, performedBy: 'recorder' } });
    await client.POST('/apps/features', { body: { eventLoggingRetentionPeriod: 91 } });
  },
});
