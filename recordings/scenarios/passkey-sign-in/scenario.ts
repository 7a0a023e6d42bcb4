import { registerPasskey, signInWithPasskey } from '../../../src/recording/passkey-ceremonies.js';
import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Registers a passkey and verifies its token, then signs in with it and verifies the sign-in token.',
  async run(context) {
    const { client } = context;
    const userId = 'user-passkey-1';
    const registrationToken = await registerPasskey(context, userId);
    await client.POST('/signin/verify', { body: { token: registrationToken } });
    const signinToken = await signInWithPasskey(context, userId);
    await client.POST('/signin/verify', { body: { token: signinToken } });
  },
});
