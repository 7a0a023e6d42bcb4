// A set of texts kept in order (code unit by code unit, as the server's SQLite orders them), on sorted-btree's B+ tree:
// adding, deleting and reading the first few cost O(log n) however many it holds, where sorting the whole set on each
// read cost the emulator seconds for a `/users/list` of a big app.
import * as sortedBtree from 'sorted-btree';
import { textOrder } from './text-order.js';

type BTreeClass = typeof sortedBtree.default.default;

// sorted-btree is CommonJS with `exports.default`: Node's ES module loader hands the whole exports object over as the
// default export (as TypeScript types it), tsx and bundlers the class itself; either way the class is found.
const exported: unknown = sortedBtree.default;
const BTree = (typeof exported === 'function' ? exported : (exported as { default: BTreeClass }).default) as BTreeClass;

export class SortedTextSet {
  private readonly tree = new BTree<string, undefined>(undefined, textOrder);

  get size(): number {
    return this.tree.size;
  }

  has(text: string): boolean {
    return this.tree.has(text);
  }

  add(text: string): void {
    this.tree.setIfNotPresent(text, undefined);
  }

  delete(text: string): void {
    this.tree.delete(text);
  }

  /** The first `count` texts, in order; from `from` on (itself included) when given. */
  first(count: number, from?: string): string[] {
    const first: string[] = [];
    if (count <= 0) return first;
    for (const text of this.tree.keys(from)) {
      first.push(text);
      if (first.length >= count) break;
    }
    return first;
  }
}
