// The files the mock publishes beside the API: the bundled spec as /openapi.json and /openapi.yaml, and the API
// docs at /docs (the page the package ships or `npm run docs` builds, or a placeholder saying how to build it).
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { stringify } from 'yaml';
import type { EmulatorResponse, SpecDocument } from '../emulator/index.js';
import { packageRoot } from './load-spec-document.js';

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

/** The docs page of this package: built by `npm run docs` in the repository, shipped in passwordless-contract-mock. */
export function findDocsPage(): string {
  return join(packageRoot(), 'dist', 'docs', 'index.html');
}

export type PublishedFiles = (method: string, pathname: string) => EmulatorResponse | undefined;

/** The spec as both JSON and YAML: the file itself, its namesake in the other format beside it, or a conversion. */
function specTexts(spec: SpecDocument): { json: string; yaml: string } {
  const text = readFileSync(spec.sourcePath, 'utf8');
  const extension = extname(spec.sourcePath);
  const base = spec.sourcePath.slice(0, spec.sourcePath.length - extension.length);
  if (extension === '.json') {
    return {
      json: text,
      yaml: existsSync(`${base}.yaml`) ? readFileSync(`${base}.yaml`, 'utf8') : stringify(spec.document),
    };
  }
  return {
    json: existsSync(`${base}.json`) ? readFileSync(`${base}.json`, 'utf8') : JSON.stringify(spec.document, null, 2),
    yaml: text,
  };
}

export function publishedFiles(spec: SpecDocument, docsFile: string | undefined): PublishedFiles {
  const texts = specTexts(spec);
  const files: Record<string, () => EmulatorResponse> = {
    '/openapi.json': () => ({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: texts.json,
    }),
    '/openapi.yaml': () => ({
      status: 200,
      headers: { 'content-type': 'application/yaml; charset=utf-8' },
      body: texts.yaml,
    }),
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
