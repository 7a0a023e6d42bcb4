// The magic links an app "sent" (no e-mail leaves the machine): kept newest last, the oldest dropped past the
// emulator's limit, counted for the server's monthly quota, and cleared after 50 days by the server's daily clean-up
// (DispatchedEmailCleanupService).
import { databaseDateTime } from '../values/dotnet-formats.js';
import { databaseInstant } from './event-log.js';
import { NewestKept } from './newest-kept.js';
import type { SentMagicLink } from './records.js';

export class MagicLinkOutbox {
  private readonly links: NewestKept<SentMagicLink>;

  constructor(
    private readonly settings: { kept: number; clock: () => number },
    links: readonly SentMagicLink[],
  ) {
    this.links = new NewestKept(settings.kept, links);
  }

  records(): SentMagicLink[] {
    return this.links.toArray();
  }

  get count(): number {
    return this.links.size;
  }

  /** The newest `count` links, newest first. */
  newest(count: number): SentMagicLink[] {
    return this.links.slice(this.links.size - count).reverse();
  }

  /** Keeps a link sent now. */
  record(link: Omit<SentMagicLink, 'sentAt'>): void {
    this.links.push({ sentAt: databaseDateTime(this.settings.clock()), ...link });
  }

  /**
   * How many links were sent at most `milliseconds` ago (GetDispatchedEmailCountAsync: `CreatedAt >= now - window`),
   * counted from the newest and no further than `atMost`: a quota check needs no more.
   */
  sentWithin(milliseconds: number, atMost = Number.POSITIVE_INFINITY): number {
    const from = this.settings.clock() - milliseconds;
    let count = 0;
    for (let back = 0; back < this.links.size && count < atMost; back++) {
      const link = this.links.fromNewest(back);
      if (link && databaseInstant(link.sentAt) >= from) count++;
    }
    return count;
  }

  /** DeleteOldDispatchedEmailsAsync: deletes the links sent before `cutoff` (ms); how many went. */
  deleteSentBefore(cutoff: number): number {
    return this.links.keepWhere((link) => databaseInstant(link.sentAt) >= cutoff);
  }
}
