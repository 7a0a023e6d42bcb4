/** A problem with the spec or the docs build, reported by `npm run docs` as one clear line instead of a stack trace. */
export class DocsError extends Error {}
