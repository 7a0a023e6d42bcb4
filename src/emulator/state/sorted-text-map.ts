// Texts kept in order (code unit by code unit, as the server's SQLite orders them), each with a value, on sorted-btree's
// B+ tree: adding, deleting and reading the first few cost O(log n) however many it holds, where sorting the whole set
// on each read cost the emulator seconds for a `/users/list` of a big app. Reading the first few hands their values
// over too, walking the tree's leaves in order: no lookup in a map of every user for each one (in an app of 100,000
// users, two such lookups per user listed made `/users/list` half as slow again as in an app of 1,000).
import * as sortedBtree from 'sorted-btree';
import { textOrder } from './text-order.js';

type BTreeClass = typeof sortedBtree.default.default;

// sorted-btree is CommonJS with `exports.default`: Node's ES module loader hands the whole exports object over as the
// default export (as TypeScript types it), tsx and bundlers the class itself; either way the class is found.
const exported: unknown = sortedBtree.default;
const BTree = (typeof exported === 'function' ? exported : (exported as { default: BTreeClass }).default) as BTreeClass;

export class SortedTextMap<V> {
  private readonly tree = new BTree<string, V>(undefined, textOrder);

  get size(): number {
    return this.tree.size;
  }

  has(text: string): boolean {
    return this.tree.has(text);
  }

  /** Adds the text with this value, or gives it this value. */
  set(text: string, value: V): void {
    this.tree.set(text, value);
  }

  delete(text: string): void {
    this.tree.delete(text);
  }

  /** The first `count` texts with their values, in order; from `from` on (itself included) when given. */
  first(count: number, from?: string): [string, V][] {
    const first: [string, V][] = [];
    if (count <= 0) return first;
    for (const entry of this.tree.entries(from)) {
      first.push(entry);
      if (first.length >= count) break;
    }
    return first;
  }
}
