// A `Guid` as System.Text.Json reads it: only the hyphenated "D" form (`973446ca-e21c-9a9b-99f5-9b985a67af0f`), hex
// digits in either case; it writes the digits in lower case.
const guidD = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Guid in the form the server writes, or undefined when System.Text.Json refuses the text. */
export const readDotnetGuid = (text: string): string | undefined => (guidD.test(text) ? text.toLowerCase() : undefined);
