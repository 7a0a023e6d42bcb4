// The files the mock publishes beside the API: the bundled spec as /openapi.json and /openapi.yaml, and the API
// docs at /docs (the page `npm run docs` builds, or a placeholder saying how to build it).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EmulatorResponse } from '../emulator/wire/problems.js';
import type { SpecDocument } from '../emulator/spec/openapi-document.js';

const placeholder = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>API docs not built yet</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The API docs are not built yet</h1>
<p>Run <code>npm run docs</code>, then reload this page. The mock serves them from <code>dist/docs/index.html</code>.</p>
<p>Meanwhile the spec itself is at <a href="/openapi.yaml">/openapi.yaml</a> and <a href="/openapi.json">/openapi.json</a>.</p>
</body>
</html>
`;

export type PublishedFiles = (method: string, pathname: string) => EmulatorResponse | undefined;

export function publishedFiles(spec: SpecDocument, docsFile: string | undefined): PublishedFiles {
  const yamlText = readFileSync(spec.yamlPath, 'utf8');
  const jsonPath = join(dirname(spec.yamlPath), 'openapi.json');
  const jsonText = existsSync(jsonPath) ? readFileSync(jsonPath, 'utf8') : JSON.stringify(spec.document, null, 2);
  const files: Record<string, () => EmulatorResponse> = {
    '/openapi.json': () => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: jsonText }),
    '/openapi.yaml': () => ({ status: 200, headers: { 'content-type': 'application/yaml; charset=utf-8' }, body: yamlText }),
  };
  if (docsFile !== undefined) {
    // Read on each request, so docs built while the mock runs show up without a restart.
    files['/docs'] = () => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : placeholder,
    });
  }
  return (method, pathname) => {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const file = files[pathname.replace(/(.)\/+$/, '$1').toLowerCase()];
    return file?.();
  };
}
