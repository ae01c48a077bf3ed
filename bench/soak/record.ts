// What the soak observes, as plain data: every check reads these after the run, none of them during it,
// so a check can never change what happened. Times are Date.now() (ms), one clock for every process on the machine.

/** A replica's name: the two replicas behind the soak's load balancer. */
export type ReplicaName = "a" | "b";

/** One HTTP exchange the soak made with a replica. */
export interface HttpRecord {
  readonly kind: "query" | "media" | "hostile" | "webhook" | "duplicate" | "metrics";
  /** What was asked (operation or hostile kind), for the report. */
  readonly op: string;
  readonly replica: ReplicaName;
  readonly t0: number;
  readonly t1: number;
  /** HTTP status, when an answer head arrived. */
  readonly status?: number;
  /** Network-level failure: ECONNREFUSED, ECONNRESET, "socket hang up", "timeout", "incomplete body". */
  readonly error?: string;
  /** extensions.code of every error in a JSON body. */
  readonly codes: readonly string[];
  /** The answer matched what this request expects (shape, status); a mismatch names itself. */
  readonly expected: boolean;
  readonly mismatch?: string;
  /** This was the one retry after a refusal (503 SHUTTING_DOWN or a refused connection) on the other replica. */
  readonly retry?: boolean;
}

/** One notification a replica answered: relayed from the emulator or a duplicate the soak sent itself. */
export interface NotificationRecord {
  readonly source: "emulator" | "duplicate";
  /** For duplicates: the same body again, or with the subject id upper-cased. */
  readonly variant?: "same" | "upper";
  readonly sessionId: string;
  readonly topic: string;
  /** resource_id, task_id or check_id as sent (absent for session_completion). */
  readonly subjectId?: string;
  readonly replica: ReplicaName;
  /** Process incarnation of that replica (1 = first start). */
  readonly incarnation: number;
  /** Sent to the replica / answered by it. */
  readonly tSend: number;
  readonly tAnswer: number;
  readonly status?: number;
  /** "accepted" | "duplicate" from a 200 body; otherwise the error. */
  readonly outcome: string;
}

/** One event a subscriber received. */
export interface EventRecord {
  readonly t: number;
  readonly topic: string;
  readonly subjectId?: string;
  /** The session as the event carried it (null when its read failed). */
  readonly state?: string;
  readonly doneChecks: readonly string[];
  readonly doneTasks: readonly string[];
  readonly resources: readonly string[];
  /** extensions.code of the event's errors (the session read failed). */
  readonly errorCode?: string;
}

/** One subscription of one subscriber, from `subscribe` to the end of its stream. */
export interface InstanceRecord {
  readonly subscriber: number;
  readonly sessionId: string;
  readonly replica: ReplicaName;
  readonly incarnation: number;
  readonly tStart: number;
  /** When its first event (the snapshot) arrived. */
  tSnapshot?: number;
  readonly events: EventRecord[];
  tEnd?: number;
  /**
   * complete | close:<code> | dropped (the soak cut the socket) | coded:<code> (an event whose read failed)
   * | refused:<code> (a GraphQL error instead of a stream) | connect (no connection) | run-end.
   */
  endReason?: string;
}

/** A scheduled fault, with the window in which its effects are expected. */
export interface FaultWindow {
  readonly kind: "upstream" | "redis" | "restart" | "crash" | "drop";
  readonly label: string;
  readonly start: number;
  /** When the fault itself was over (rule removed, Redis back and reconnected, replica ready again). */
  end: number;
  /** end plus the settle margin of its kind. */
  settleEnd: number;
  readonly replica?: ReplicaName;
  /** For upstream faults: the session the rule was for, or "*". */
  readonly sessionId?: string;
  /** For upstream faults: how many upstream requests the rule could fault at most. */
  readonly times?: number;
}

/** One process incarnation of a replica. */
export interface LifeRecord {
  readonly replica: ReplicaName;
  readonly incarnation: number;
  readonly pid: number;
  readonly startedAt: number;
  readyAt?: number;
  /** The soak sent SIGTERM (a rolling restart or the end of the run). */
  stopRequestedAt?: number;
  exitedAt?: number;
  exitCode?: number | null;
  exitSignal?: string | null;
  /** [time, VmRSS bytes], once a second while it ran. */
  readonly rss: [number, number][];
  /** Times (from its log) at which it reconnected to Redis after an outage: each one refreshes every watched session. */
  readonly redisRestoredAt: number[];
  /** Log lines carrying a processError field (unhandled rejections, uncaught exceptions). */
  readonly processErrorLines: string[];
  /** idv_graph_process_errors_total scraped from /metrics before it stopped (undefined: not scraped or absent). */
  processErrorsMetric?: number;
  metricsScraped?: boolean;
  /** Its stdout and stderr, captured whole. */
  readonly logFiles: readonly string[];
}

/** One played session. */
export interface PlayRecord {
  readonly sessionId: string;
  readonly stepMs: number;
  readonly startedAt: number;
}

/** Everything observed in one run. */
export interface Recorder {
  readonly http: HttpRecord[];
  readonly notifications: NotificationRecord[];
  readonly instances: InstanceRecord[];
  readonly windows: FaultWindow[];
  readonly lives: LifeRecord[];
  readonly plays: PlayRecord[];
  /** Media URL tokens the soak received (searched for in the logs). */
  readonly mediaTokens: Set<string>;
}

/** An empty recorder. */
export function newRecorder(): Recorder {
  return { http: [], notifications: [], instances: [], windows: [], lives: [], plays: [], mediaTokens: new Set() };
}

/** Whether `t` falls inside a window of one of `kinds` (optionally for one replica), settle margin included. */
export function inWindow(rec: Recorder, t: number, kinds: readonly FaultWindow["kind"][], replica?: ReplicaName): FaultWindow | undefined {
  return rec.windows.find((w) => kinds.includes(w.kind) && t >= w.start && t <= w.settleEnd && (replica === undefined || w.replica === undefined || w.replica === replica));
}
