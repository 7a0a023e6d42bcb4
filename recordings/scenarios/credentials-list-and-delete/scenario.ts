import { registerPasskey } from '../../../src/recording/passkey-ceremonies.js';
import { defineScenario, expectData } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Registers a passkey, lists the user\'s credentials with GET and POST, deletes the credential and lists again.',
  async run(context) {
    const { client } = context;
    const userId = 'user-credentials-1';
    await registerPasskey(context, userId);
    const { values } = expectData(await client.GET('/credentials/list', { params: { query: { userId } } }), 'GET /credentials/list');
    await client.POST('/credentials/list', { body: { userId } });
    const credential = values[0];
    if (!credential) throw new Error('GET /credentials/list returned no credential after a registration.');
    await client.POST('/credentials/delete', { body: { credentialId: credential.descriptor.id } });
    await client.GET('/credentials/list', { params: { query: { userId } } });
  },
});
