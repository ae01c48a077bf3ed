/** Request counters exposed to tests and benchmarks. */
export interface EmulatorStats {
  /** Accepted (signature-valid) session GETs per session id. */
  sessionGets: Record<string, number>;
  /** Accepted media content GETs per "sessionId/mediaId". */
  mediaGets: Record<string, number>;
  /** Accepted (signature-valid) configuration GETs per session id. */
  configurationGets: Record<string, number>;
  /** Accepted (signature-valid) tracked-devices GETs per session id. */
  trackedDevicesGets: Record<string, number>;
  /** Supported-documents GETs (unsigned, so every one is accepted). */
  supportedDocumentsGets: number;
  /** API requests refused with 401. */
  rejected: number;
  /** Every API request under the mount path (accepted, rejected, and unknown routes). */
  total: number;
  /** Signed API requests being handled now: from a verified signature until the response finished or the connection closed. */
  inFlight: number;
  /** Highest `inFlight` since the last reset (a reset starts it at the current `inFlight`). */
  peakInFlight: number;
  /** Signed API requests whose client closed the connection before the response was completely written. */
  cancelled: number;
  /** Webhook notifications: `sent` = answered 2xx, `failed` = given up after every attempt. */
  notifications: { sent: number; failed: number };
}

/** Mutable counters behind EmulatorStats; snapshots are copies so callers cannot disturb them. */
export class StatsCounter {
  private state: EmulatorStats = empty(0);

  /** Count one request arriving under the mount path. */
  request(): void {
    this.state.total += 1;
  }

  /** Count one 401. */
  rejected(): void {
    this.state.rejected += 1;
  }

  /** Count an accepted session GET. */
  sessionGet(sessionId: string): void {
    bump(this.state.sessionGets, sessionId);
  }

  /** Count an accepted media GET. */
  mediaGet(sessionId: string, mediaId: string): void {
    bump(this.state.mediaGets, `${sessionId}/${mediaId}`);
  }

  /** Count an accepted configuration GET. */
  configurationGet(sessionId: string): void {
    bump(this.state.configurationGets, sessionId);
  }

  /** Count an accepted tracked-devices GET. */
  trackedDevicesGet(sessionId: string): void {
    bump(this.state.trackedDevicesGets, sessionId);
  }

  /** Count a supported-documents GET. */
  supportedDocumentsGet(): void {
    this.state.supportedDocumentsGets += 1;
  }

  /** A verified request starts being handled. */
  flightStarted(): void {
    this.state.inFlight += 1;
    this.state.peakInFlight = Math.max(this.state.peakInFlight, this.state.inFlight);
  }

  /** A verified request is over; `cancelled` when its client hung up before the whole response was written. */
  flightEnded(cancelled: boolean): void {
    this.state.inFlight -= 1;
    if (cancelled) this.state.cancelled += 1;
  }

  /** Count one notification delivered with a 2xx answer. */
  notificationSent(): void {
    this.state.notifications.sent += 1;
  }

  /** Count one notification given up on. */
  notificationFailed(): void {
    this.state.notifications.failed += 1;
  }

  /** A deep copy of the current counters. */
  snapshot(): EmulatorStats {
    return {
      ...this.state,
      sessionGets: { ...this.state.sessionGets },
      mediaGets: { ...this.state.mediaGets },
      configurationGets: { ...this.state.configurationGets },
      trackedDevicesGets: { ...this.state.trackedDevicesGets },
      notifications: { ...this.state.notifications },
    };
  }

  /** Zero every counter; `inFlight` is a gauge of live requests, so it stays and the peak restarts from it. */
  reset(): void {
    this.state = empty(this.state.inFlight);
  }
}

function empty(inFlight: number): EmulatorStats {
  // Null-prototype maps: ids come from URLs, and "__proto__" must count like any other key.
  return {
    sessionGets: Object.create(null),
    mediaGets: Object.create(null),
    configurationGets: Object.create(null),
    trackedDevicesGets: Object.create(null),
    supportedDocumentsGets: 0,
    rejected: 0,
    total: 0,
    inFlight,
    peakInFlight: inFlight,
    cancelled: 0,
    notifications: { sent: 0, failed: 0 },
  };
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
