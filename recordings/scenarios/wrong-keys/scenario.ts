import { defineScenario } from '../../../src/recording/scenario.js';

export default defineScenario({
  description: 'Calls a backend operation with a well-formed secret the server does not know, and a browser one with such a public key.',
  async run({ clientWith, appId, origin, rpId }) {
    const unknownSecret = clientWith({ apiSecret: `${appId}:secret:${'0'.repeat(32)}` });
    await unknownSecret.GET('/users/count');
    const unknownKey = clientWith({ apiKey: `${appId}:public:${'0'.repeat(32)}` });
    await unknownKey.POST('/signin/begin', { body: { origin, rpid: rpId } });
  },
});
