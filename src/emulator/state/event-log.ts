// The app's event log (the server's EventLogger): written only while the app's event logging feature is on, each
// event with the key that made the request (its last four characters), newest kept, oldest dropped past the limit.
import { databaseDateTime } from '../values/dotnet-formats.js';
import type { ApiKeyRecord, AppRecord, EventRecord } from './records.js';

export type Severity = 'Informational' | 'Warning' | 'Alert' | 'Error' | 'Unknown';

export interface NewEvent {
  eventType: string;
  message: string;
  performedBy: string;
  severity?: Severity;
  /** Defaults to the app id, as most of the server's events have it. */
  subject?: string;
}

export function logEvent(
  app: AppRecord,
  key: ApiKeyRecord | undefined,
  now: number,
  limit: number,
  event: NewEvent,
): void {
  if (!app.features.eventLoggingIsEnabled) return;
  const record: EventRecord = {
    performedAt: databaseDateTime(now),
    message: event.message,
    performedBy: event.performedBy,
    eventType: event.eventType,
    severity: event.severity ?? 'Informational',
    subject: event.subject ?? app.appId,
    apiKeyId: key?.id ?? '',
  };
  app.events.push(record);
  if (app.events.length > limit) app.events.splice(0, app.events.length - limit);
}
