// openapi-fetch parses a success answer's body with `response.json()`, or with `JSON.parse(await response.text())` when
// the answer has no Content-Length; either throws a bare SyntaxError for a body that is not JSON (a proxy's HTML page
// answered 200, a body cut short). The client's middleware gives each success answer parsed as JSON a `text()` and a
// `json()` that throw PasswordlessBodyError instead, naming the call, the status and the Content-Type. An empty body
// stays what openapi-fetch makes of it: no data.
import { type OperationRef, PasswordlessBodyError } from './errors.js';

const { text: readText } = Response.prototype;

export function readAsJsonOrFail(response: Response, operation: OperationRef): void {
  let read: Promise<{ text: string; value: unknown }> | undefined;
  const readOnce = () =>
    (read ??= readText.call(response).then((text) => {
      if (text === '') return { text, value: undefined };
      try {
        return { text, value: JSON.parse(text) as unknown };
      } catch {
        throw new PasswordlessBodyError(operation, response.status, response.headers.get('content-type'), text.length);
      }
    }));
  response.text = async () => (await readOnce()).text;
  response.json = async () => (await readOnce()).value;
}
