/** Request counters exposed to tests and benchmarks. */
export interface EmulatorStats {
  /** Accepted (signature-valid) session GETs per session id. */
  sessionGets: Record<string, number>;
  /** Accepted media content GETs per "sessionId/mediaId". */
  mediaGets: Record<string, number>;
  /** API requests refused with 401. */
  rejected: number;
  /** Every API request under the mount path (accepted, rejected, and unknown routes). */
  total: number;
}

/** Mutable counters behind EmulatorStats; snapshots are copies so callers cannot disturb them. */
export class StatsCounter {
  private state: EmulatorStats = empty();

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

  /** A deep copy of the current counters. */
  snapshot(): EmulatorStats {
    return {
      sessionGets: { ...this.state.sessionGets },
      mediaGets: { ...this.state.mediaGets },
      rejected: this.state.rejected,
      total: this.state.total,
    };
  }

  /** Zero every counter. */
  reset(): void {
    this.state = empty();
  }
}

function empty(): EmulatorStats {
  // Null-prototype maps: ids come from URLs, and "__proto__" must count like any other key.
  return { sessionGets: Object.create(null), mediaGets: Object.create(null), rejected: 0, total: 0 };
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
