// How the server's database orders text when a query sorts by a text column or key: SQLite's default BINARY
// collation, code unit by code unit (what the shared real recordings show).

/** Compares two texts as SQLite's BINARY collation does: code unit by code unit. */
export const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
