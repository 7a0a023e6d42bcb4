// The app's event log (the server's EventLogger): written only while the app's event logging feature is on, each
// event with the key that made the request (its last four characters), newest kept, oldest dropped past the limit,
// and cleared of events older than the app's retention period by the server's daily clean-up.
import { databaseDateTime } from '../values/dotnet-formats.js';
import { NewestKept } from './newest-kept.js';
import type { EventRecord, EventSeverity, EventType } from './records.js';

export interface NewEvent {
  eventType: EventType;
  message: string;
  performedBy: string;
  severity?: EventSeverity;
  /** Defaults to the app id, as most of the server's events have it. */
  subject?: string;
}

/** A database time (no offset, UTC) in milliseconds since the epoch. */
export const databaseInstant = (time: string): number => Date.parse(`${time}Z`);

export class EventLog {
  private readonly events: NewestKept<EventRecord>;

  constructor(
    private readonly appId: string,
    private readonly settings: { isOn: () => boolean; kept: number; clock: () => number },
    events: readonly EventRecord[],
  ) {
    this.events = new NewestKept(settings.kept, events);
  }

  /** Logs the event if the app's event logging is on; `keyId` is the key that made the request (none for management). */
  log(event: NewEvent, keyId = ''): void {
    if (!this.settings.isOn()) return;
    this.events.push({
      performedAt: databaseDateTime(this.settings.clock()),
      message: event.message,
      performedBy: event.performedBy,
      eventType: event.eventType,
      severity: event.severity ?? 'Informational',
      subject: event.subject ?? this.appId,
      apiKeyId: keyId,
    });
  }

  get count(): number {
    return this.events.size;
  }

  /** One page of the log, newest first; pages count from 1. */
  page(pageNumber: number, pageSize: number): readonly Readonly<EventRecord>[] {
    const end = this.events.size - pageSize * (pageNumber - 1);
    const start = Math.max(0, end - pageSize);
    return end <= 0 ? [] : this.events.slice(start, end).reverse();
  }

  /** EventDeletionBackgroundWorker: deletes the events performed at or before `cutoff` (ms); how many went. */
  deletePerformedUntil(cutoff: number): number {
    return this.events.keepWhere((event) => databaseInstant(event.performedAt) > cutoff);
  }

  records(): EventRecord[] {
    return this.events.toArray();
  }
}
