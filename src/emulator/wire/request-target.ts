// The path and query of a request target, as `new URL(target, base)` reads them, without a URL parse for the usual
// target (an origin-form path of plain characters, maybe a query): every request needs its path, and a URL object
// costs more than the split. Whatever else a target holds (percent escapes or dot segments in the path, characters a
// URL escapes, a fragment, an absolute or protocol-relative form) goes through the URL parser itself.

export interface RequestTarget {
  /** As `URL.pathname`. */
  readonly pathname: string;
  /** As `URL.search`: `?` and the query, or empty when there is none (a lone `?` too). */
  readonly search: string;
  /** As `URL.searchParams`, made when first asked for. */
  readonly searchParams: URLSearchParams;
}

/**
 * A path of characters no URL changes (no `%`, `\`, `'`, `"`, space, `#`, `<`, `>`, `` ` ``, `{`, `}`, `|`, `^`,
 * nothing outside printable ASCII), not starting with `//`, then maybe a query of the same characters (`?` and `/`
 * allowed, `%` too: a query's escapes are kept as sent).
 */
const plainTarget = /^\/(?!\/)[\w\-.~!$&()*+,;=:@/]*(?:\?[\w\-.~!$&()*+,;=:@/?%]*)?$/;
/** A `.` or `..` segment, which a URL removes. */
const dotSegment = /\/\.\.?(?:[/?]|$)/;

class PlainTarget implements RequestTarget {
  private params: URLSearchParams | undefined;

  constructor(
    readonly pathname: string,
    readonly search: string,
  ) {}

  get searchParams(): URLSearchParams {
    this.params ??= new URLSearchParams(this.search);
    return this.params;
  }
}

/** `target` read against `base` (an origin such as `http://emulator.invalid`); a target no URL reads gives `/`. */
export function readRequestTarget(target: string, base: string): RequestTarget {
  if (plainTarget.test(target) && !dotSegment.test(target)) {
    const query = target.indexOf('?');
    if (query === -1) return new PlainTarget(target, '');
    return new PlainTarget(target.slice(0, query), query === target.length - 1 ? '' : target.slice(query));
  }
  try {
    return new URL(target, base);
  } catch {
    return new URL('/', base);
  }
}
