// Most users hold one credential and one alias. An index that keeps each user's records as a list pays a list of one
// for nearly every user: two heap objects more than the record itself (a million users' indexes are built at each
// load and reset, and the collector copies and traces every object made meanwhile). So the indexes keep the record
// itself when there is one, and a list only from two on.

/** One record, or a list of two or more. Records are plain objects, never lists, so the two cannot be confused. */
export type OneOrMore<T extends object> = T | readonly T[];

const isList = <T extends object>(held: OneOrMore<T>): held is readonly T[] => Array.isArray(held);

/** The records held, as a list (empty when none is). */
export function listOf<T extends object>(held: OneOrMore<T> | undefined): readonly T[] {
  if (held === undefined) return [];
  return isList(held) ? held : [held];
}

/** What an index keeps for these records: undefined for none, the record for one, the list from two on. */
export function oneOrMore<T extends object>(records: readonly T[]): OneOrMore<T> | undefined {
  if (records.length === 0) return undefined;
  return records.length === 1 ? records[0] : records;
}

/** The records held with one more after them. */
export function withOneMore<T extends object>(held: OneOrMore<T> | undefined, record: T): OneOrMore<T> {
  if (held === undefined) return record;
  return isList(held) ? [...held, record] : [held, record];
}

/** How many records are held. */
export function countOf<T extends object>(held: OneOrMore<T>): number {
  return isList(held) ? held.length : 1;
}
