import type { AuditEventInput } from "../../audit/audit-event.js";
import type { AuditStore } from "../../audit/audit-store.js";
import type { AuditObserver } from "./metrics.js";

/** `store`, with every append counted: events written by transport and outcome, appends refused. */
export function countedAuditStore(store: AuditStore, observer: AuditObserver): AuditStore {
  observer.watch(() => store.available);
  return {
    get kind() {
      return store.kind;
    },
    get available() {
      return store.available;
    },
    async append(events: readonly AuditEventInput[]) {
      try {
        await store.append(events);
      } catch (error) {
        observer.failed();
        throw error;
      }
      for (const event of events) observer.written(event.transport, event.outcome);
    },
    list: (filter) => store.list(filter),
    stream: (range) => store.stream(range),
    checkpoint: () => store.checkpoint(),
    applyRetention: (now, days) => store.applyRetention(now, days),
    close: () => store.close(),
  };
}
