// ajv over the whole spec document (JSON Schema 2020-12, formats on), so that a validator references the spec's
// schemas by JSON pointer instead of copying them: what the request validator and the answer validator share.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/**
 * An ajv with formats that holds `document` under `documentId`. It neither holds nor checks schemas against the JSON
 * Schema meta-schemas: the document is an OpenAPI document, not a schema, and adding and compiling the meta-schemas
 * to check it held every start's event loop for about 60 ms. The spec's schemas are checked where it is written
 * (`npm run lint`), and ajv still refuses a schema it cannot compile.
 */
export function specAjv(document: object, documentId: string, options: Options): Ajv2020 {
  const ajv = new Ajv2020({ ...options, validateSchema: false, meta: false });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: documentId });
  return ajv;
}

/** The `$ref` of the schema at a `#/…` pointer of the document held under `documentId`. */
export const schemaRef = (documentId: string, pointer: string): string =>
  `${documentId}#/${pointer.slice(2).split('/').map(encodeURIComponent).join('/')}`;
