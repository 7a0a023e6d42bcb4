// passwordless-contract-mock runs on Node 22.11 or later (its `engines`): the emulator and msw 3 use what older
// releases lack (Promise.withResolvers, for one). tsup injects this module at the top of each of the package's entry
// points (tsup.config.ts), so an older Node fails at once with one sentence that names the version it needs, instead of
// later with an error that reads like a network problem. The command prints that sentence and exits 1; an import throws.
// No Node built-in is imported, and a runtime without `process` (msw's handlers in a browser) is left alone.

/** The oldest Node the package supports: the lowest version its `engines` range allows (a test keeps them equal). */
export const oldestSupportedNode = '22.11.0';

/** The sentence for a Node older than `oldestSupportedNode`, or undefined when this one will do. */
export function unsupportedNodeMessage(version: string): string | undefined {
  // Not Node (a browser, a worker): nothing to say.
  if (!/^\d+\.\d+\.\d+/.test(version)) return undefined;
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0, needPatch = 0] = oldestSupportedNode.split('.').map(Number);
  const older = major !== needMajor ? major < needMajor : minor !== needMinor ? minor < needMinor : patch < needPatch;
  if (!older) return undefined;
  return `passwordless-contract-mock needs Node ${oldestSupportedNode} or later; this is Node ${version}.`;
}

/** Whether this process is the package's command: `npx passwordless-mock` runs it through its link in .bin. */
function isTheCommand(): boolean {
  return /([\\/]\.bin[\\/]passwordless-mock|[\\/]passwordless-contract-mock[\\/]dist[\\/]bin\.js)$/.test(
    process.argv[1] ?? '',
  );
}

const message = typeof process === 'undefined' ? undefined : unsupportedNodeMessage(process.versions?.node ?? '');
if (message) {
  if (isTheCommand()) {
    console.error(`error: ${message}`);
    process.exit(1);
  }
  throw new Error(message);
}
