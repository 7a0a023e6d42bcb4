// The published build: ESM and CJS with type declarations for the client (a universal entry, and the Node entry that
// the `node` export condition picks), the generated types, and the mock server and msw handlers when their folders
// are present (they are written alongside the client).
import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

const entry: Record<string, string> = {
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  types: 'generated/openapi.ts',
};
if (existsSync('src/mock/index.ts')) entry.mock = 'src/mock/index.ts';
if (existsSync('src/msw/index.ts')) entry.msw = 'src/msw/index.ts';

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  // es2022 for browsers and edge runtimes; node20 keeps the `node:` prefix of built-ins in the Node entries.
  target: ['es2022', 'node20'],
  platform: 'node',
  removeNodeProtocol: false,
  // The consumer's msw, never a bundled copy: its interceptors must be the ones the consumer's tests install.
  external: ['msw', 'msw/node'],
  // Only the build's own files: dist/docs (npm run docs) stays.
  clean: ['*.js', '*.cjs', '*.d.ts', '*.d.cts', 'chunk-*'],
  splitting: true,
  treeshake: true,
});
