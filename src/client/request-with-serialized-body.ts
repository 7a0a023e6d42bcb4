// The Request class the client's requests are built with keeps the string openapi-fetch serialized the body to, so that
// a transport that sends bytes itself (the Node default, node:http) can send that string instead of reading the body
// stream back, which costs more than the rest of the transport's request handling together.
export class RequestWithSerializedBody extends Request {
  #body: string | undefined;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.#body = typeof init?.body === 'string' ? init.body : undefined;
  }

  /** The string `request`'s body was built from, when this class built it from one; undefined otherwise. */
  static serializedBody(request: Request): string | undefined {
    return #body in request ? request.#body : undefined;
  }
}
