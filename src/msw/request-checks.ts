// The mock server's request checks (src/mock/request-checks.ts), run on a fetch `Request` inside an msw handler: a
// request that breaks the spec gets the answer the mock (and the real server) gives it, in the same order.
import { SpecDocument, type OpenApiDocument } from '../mock/openapi-document.js';
import { createRequestChecks, type CheckedRequest } from '../mock/request-checks.js';
import bundledSpec from '../../generated/openapi.json' with { type: 'json' };

export type { CheckedRequest };

/** The spec and the mock's checks, built once: they only cache what they compile. */
class RequestChecks {
  // The bundled spec is imported, not read from disk, so the handlers work wherever the package is installed.
  readonly spec = new SpecDocument(bundledSpec as unknown as OpenApiDocument, 'generated/openapi.json');
  private readonly run = createRequestChecks(this.spec);

  /** `pathname` is the request's path below the API root (`/register/token`). */
  async check(request: Request, pathname: string): Promise<CheckedRequest> {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return this.run({
      method: request.method.toUpperCase(),
      pathname,
      headers: Object.fromEntries(request.headers),
      body: { bytes, size: bytes.length },
      searchParams: new URL(request.url).searchParams,
    });
  }
}

let shared: RequestChecks | undefined;

/** The checks, compiled on first use (ajv compiles the spec once per process). */
export function requestChecks(): RequestChecks {
  shared ??= new RequestChecks();
  return shared;
}
