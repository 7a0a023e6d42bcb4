// The sample generator on a spec of its own: a scheme without a seed key (the ManagementKey, whose operations the
// management client calls), path parameters, and text the shell must quote.
import { expect, it } from 'vitest';
import { type CodeSample, withCodeSamples } from '../../scripts/code-samples.js';

const spec = {
  components: { securitySchemes: { ManagementKey: { type: 'apiKey', in: 'header', name: 'ManagementKey' } } },
  paths: {
    '/admin/apps/{appId}/create': {
      post: {
        operationId: 'createApp',
        security: [{ ManagementKey: [] }],
        parameters: [{ name: 'appId', in: 'path', required: true, example: 'myapp' }],
        requestBody: {
          required: true,
          content: { 'application/json': { examples: { default: { value: { adminEmail: "o'brien@example.com" } } } } },
        },
        responses: { '200': { content: { 'application/json': {} } } },
      },
    },
  },
};

const created = withCodeSamples(spec).paths['/admin/apps/{appId}/create'].post as unknown as {
  'x-codeSamples': CodeSample[];
};
const samples = created['x-codeSamples'];

it('reads a key the samples do not know from the environment, in the header its scheme names', () => {
  expect(samples.map((sample) => sample.label)).toEqual(['curl', 'TypeScript']);
  expect(samples[0]!.source).toBe(
    [
      'curl -X POST http://127.0.0.1:4010/admin/apps/myapp/create \\',
      '  -H "ManagementKey: $PASSWORDLESS_MANAGEMENT_KEY" \\',
      "  -H 'Content-Type: application/json' \\",
      "  -d '{",
      `    "adminEmail": "o'\\''brien@example.com"`,
      "  }'",
    ].join('\n'),
  );
  expect(samples[1]!.source).toContain('  managementKey: process.env.PASSWORDLESS_MANAGEMENT_KEY,\n');
  expect(samples[1]!.source).toContain(
    "management.POST('/admin/apps/{appId}/create', {\n  params: { path: { appId: 'myapp' } },\n  body: {\n    adminEmail: \"o'brien@example.com\",\n  },\n});",
  );
});

it("calls a ManagementKey operation with the management client, from its own entry, on a server of the reader's", () => {
  expect(samples[1]!.source.split('\n').slice(0, 7)).toEqual([
    "import { createPasswordlessManagementClient } from 'passwordless-contract/management';",
    '',
    '// Start the mock with the same key: PASSWORDLESS_MANAGEMENT_KEY=<your key> npm start',
    'const management = createPasswordlessManagementClient({',
    '  managementKey: process.env.PASSWORDLESS_MANAGEMENT_KEY,',
    "  baseUrl: 'http://127.0.0.1:4010', // the mock; on your server, https://<host>/api",
    '});',
  ]);
});

it('refuses an operation whose required body has no example to build a sample from', () => {
  const broken = structuredClone(spec);
  broken.paths['/admin/apps/{appId}/create'].post.requestBody.content['application/json'].examples = {} as never;
  expect(() => withCodeSamples(broken)).toThrow(
    'POST /admin/apps/{appId}/create: the request body needs an example for the samples',
  );
});
