// Prism behind the mock: whatever it would say in its own words (its 422, its static 400 example, its 401, its error
// bodies) reaches the client in the server's words instead. Requests go straight to the engine here, skipping the
// mock's own checks, so that Prism's safety net is what answers.
import { describe, expect, it } from 'vitest';
import { loadSpecDocument } from '../../src/mock/load-spec-document.js';
import { createPrismEngine } from '../../src/mock/prism-engine.js';

const spec = loadSpecDocument();
const engine = await createPrismEngine(spec.yamlPath);
const registerToken = spec.operations.find((entry) => entry.template === '/register/token' && entry.method === 'post')!;
const scheme = { scheme: 'ApiSecret', header: 'ApiSecret' };
const secret = { apisecret: 'mockapp:secret:0123456789abcdef0123456789abcdef' };
const validBody = { userId: 'u', username: 'f' };

/** `POST /register/token` straight to the engine: a valid request unless the overrides break it. */
const respond = (overrides: Partial<Parameters<typeof engine.respond>[0]> = {}) =>
  engine.respond({ entry: registerToken, path: '/register/token', query: {}, headers: secret, body: validBody, preference: {}, scheme, ...overrides });

describe('the Prism engine', () => {
  it('answers a valid request with the success example', async () => {
    const answer = await respond();
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body!)).toHaveProperty('token');
  });

  it('turns a validation failure that only Prism saw into a ValidationProblemDetails naming the member, not its 400 example', async () => {
    const answer = await respond({ body: { userId: 'u' } });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body!)).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { username: ['The Username field is required.'] },
    });
  });

  it('turns a security failure that only Prism saw into the server\'s 401', async () => {
    const answer = await respond({ headers: {} });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('ApiSecret');
    expect(answer.body).not.toMatch(/prism|stoplight/i);
  });

  it('turns a Prism error into a problem without Prism\'s words or a stack trace', async () => {
    const answer = await respond({ preference: { exampleKey: 'no_such_example' } });
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(answer.body!) as { title: string; detail: string };
    expect(problem.title).toBe('The mock could not build a response from the spec.');
    expect(problem.detail).not.toMatch(/\n|stoplight\.io/);
  });
});
