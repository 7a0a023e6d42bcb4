// The app's event log (the server's EventLogger): written only while the app's event logging feature is on, each
// event with the key that made the request (its last four characters), newest kept, oldest dropped past the limit.
import { databaseDateTime } from '../values/dotnet-formats.js';
import type { EventRecord, EventSeverity, EventType } from './records.js';

export interface NewEvent {
  eventType: EventType;
  message: string;
  performedBy: string;
  severity?: EventSeverity;
  /** Defaults to the app id, as most of the server's events have it. */
  subject?: string;
}

export class EventLog {
  constructor(
    private readonly appId: string,
    private readonly settings: { isOn: () => boolean; kept: number; clock: () => number },
    private readonly events: EventRecord[],
  ) {}

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
    if (this.events.length > this.settings.kept) this.events.splice(0, this.events.length - this.settings.kept);
  }

  get count(): number {
    return this.events.length;
  }

  /** One page of the log, newest first; pages count from 1. */
  page(pageNumber: number, pageSize: number): readonly Readonly<EventRecord>[] {
    const end = this.events.length - pageSize * (pageNumber - 1);
    const start = Math.max(0, end - pageSize);
    return end <= 0 ? [] : this.events.slice(start, end).reverse();
  }

  records(): EventRecord[] {
    return [...this.events];
  }
}
