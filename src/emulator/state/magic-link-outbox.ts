// The magic links an app "sent" (no e-mail leaves the machine): kept newest last, the oldest dropped past the
// emulator's limit, and counted for the server's monthly quota.
import { databaseDateTime } from '../values/dotnet-formats.js';
import type { SentMagicLink } from './records.js';

export class MagicLinkOutbox {
  constructor(
    private readonly settings: { kept: number; clock: () => number },
    private readonly links: SentMagicLink[],
  ) {}

  records(): SentMagicLink[] {
    return [...this.links];
  }

  /** Keeps a link sent now. */
  record(link: Omit<SentMagicLink, 'sentAt'>): void {
    this.links.push({ sentAt: databaseDateTime(this.settings.clock()), ...link });
    if (this.links.length > this.settings.kept) this.links.splice(0, this.links.length - this.settings.kept);
  }

  /** How many links were sent at most `milliseconds` ago. */
  sentWithin(milliseconds: number): number {
    const now = this.settings.clock();
    return this.links.filter((link) => now - Date.parse(`${link.sentAt}Z`) <= milliseconds).length;
  }
}
