// The two published packages, built from src/ into packages/<name>/dist (scripts/build.ts adds the rest of each
// package): the client (passwordless-contract: a universal entry and the Node entry the `node` export condition picks,
// the same two for the management client (`/management`), and the generated types) and the mock (passwordless-contract-mock: startMock, the msw handlers and the
// passwordless-mock command). ESM and CJS with type declarations.
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

const root = dirname(fileURLToPath(import.meta.url));
const clientFolders = ['src/client/', 'src/management/', 'src/node/'].map((folder) => join(root, folder));
const clientFiles: Record<string, string> = {
  [join(root, 'src/index.ts')]: 'passwordless-contract',
  [join(root, 'src/management.ts')]: 'passwordless-contract/management',
  [join(root, 'generated/openapi.json')]: 'passwordless-contract/openapi.json',
  [join(root, 'generated/openapi.yaml')]: 'passwordless-contract/openapi.yaml',
};

/**
 * The mock package depends on the client package instead of bundling a copy of it: an import that resolves to one of
 * the client's entries or the spec becomes an import of `passwordless-contract` (or the entry's subpath), and one that reaches into the client's
 * internals fails the build (the installed client has only its public entries).
 */
const clientAsDependency: Plugin = {
  name: 'client-as-dependency',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      if (clientFiles[target]) return { path: clientFiles[target], external: true };
      if (clientFolders.some((folder) => target.startsWith(folder))) {
        const importer = relative(root, args.importer);
        return {
          errors: [
            {
              text: `${importer} imports ${relative(root, target)}, inside the client: import it from src/index.ts (published as passwordless-contract) instead.`,
            },
          ],
        };
      }
      return undefined;
    });
  },
};

const shared = {
  format: ['esm', 'cjs'],
  // es2022 for browsers and edge runtimes; node20 keeps the `node:` prefix of built-ins in the Node entries.
  target: ['es2022', 'node20'],
  platform: 'node',
  removeNodeProtocol: false,
  splitting: true,
  treeshake: true,
  // Only the build's own files: dist/docs (the mock's docs page, built after this) stays.
  clean: ['*.js', '*.cjs', '*.d.ts', '*.d.cts', 'chunk-*'],
} satisfies Options;

/** The packages' builds, writing into `<out>/client/dist` and `<out>/mock/dist`. */
export function packageBuilds(out = join(root, 'packages')): Options[] {
  return [
    {
      ...shared,
      name: 'client',
      entry: {
        index: 'src/index.ts',
        node: 'src/node/index.ts',
        management: 'src/management.ts',
        'node-management': 'src/node/management.ts',
        types: 'generated/openapi.ts',
      },
      outDir: join(out, 'client/dist'),
      dts: true,
    },
    {
      ...shared,
      name: 'mock',
      entry: { index: 'src/mock/index.ts', msw: 'src/msw/index.ts', bin: 'src/mock/bin.ts' },
      outDir: join(out, 'mock/dist'),
      // The bin is a command, not an import: no declarations for it.
      dts: { entry: { index: 'src/mock/index.ts', msw: 'src/msw/index.ts' } },
      esbuildPlugins: [clientAsDependency],
      // First in every entry point: an older Node than the package's engines fails there, in one sentence.
      inject: ['src/mock/supported-node.ts'],
      // Node loads the client's openapi.json only with `with { type: 'json' }`, which es2022 would drop, and tsup's
      // rollup tree-shaking pass would rewrite to the `assert` Node 22 rejects; esbuild's own tree-shaking stays.
      esbuildOptions(options) {
        options.supported = { ...options.supported, 'import-attributes': true };
      },
      treeshake: false,
      // Chunks for ES modules only (the default): tsup's experimental CommonJS chunks keep the import.meta.url with
      // which the ES module build finds the mock's files, a syntax error in CommonJS.
      splitting: undefined,
      // The consumer's msw, never a bundled copy: its interceptors must be the ones the consumer's tests install.
      external: ['msw', 'msw/node', 'passwordless-contract'],
    },
  ];
}

export default defineConfig(packageBuilds());
