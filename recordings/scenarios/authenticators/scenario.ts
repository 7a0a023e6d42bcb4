import { defineScenario } from '../../../src/recording/scenario.js';

/** A YubiKey 5 series AAGUID, listed in the FIDO Metadata Service. */
const yubiKey5 = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';

export default defineScenario({
  description: 'Allows an authenticator by AAGUID, lists the allowed ones, removes it, lists again, and adds an AAGUID unknown to the MDS.',
  async run({ client }) {
    await client.POST('/authenticators/add', { body: { aaGuids: [yubiKey5], isAllowed: true } });
    await client.GET('/authenticators/list', { params: { query: { isAllowed: true } } });
    await client.POST('/authenticators/remove', { body: { aaGuids: [yubiKey5] } });
    await client.GET('/authenticators/list', { params: { query: { isAllowed: true } } });
    await client.POST('/authenticators/add', {
      body: { aaGuids: ['00000000-0000-0000-0000-000000000001'], isAllowed: true },
    });
  },
});
