// Sending a request the way a load balancer in front of the replicas would: to a replica that was ready at
// the last check; a refusal before any work (503 SHUTTING_DOWN, or a refused connection) is retried once on
// the other replica. Every attempt is recorded.
import type { Balancer } from "./balancer.js";
import { errorCodes, exchange, type Ask, type Exchange } from "./http-client.js";
import type { HttpRecord, Recorder } from "./record.js";
import type { Replica } from "./replica.js";

/** Whether an answer is what the request should get; `mismatch` says what was off. */
export type Expectation = (x: Exchange) => { ok: boolean; mismatch?: string };

/** A refusal that did no work: the gateway's 503 SHUTTING_DOWN, or no connection at all. */
export function isRefusal(x: Exchange): boolean {
  return x.error === "ECONNREFUSED" || (x.status === 503 && errorCodes(x.body).includes("SHUTTING_DOWN"));
}

/** Expect this status and a JSON body. */
export function expectStatus(...statuses: number[]): Expectation {
  return (x) => {
    if (x.error) return { ok: false, mismatch: x.error };
    if (!statuses.includes(x.status ?? 0)) return { ok: false, mismatch: `status ${x.status}` };
    return { ok: true };
  };
}

/** The soak's client side: balancer plus recorder. */
export class Traffic {
  /** Requests that found no ready replica within the wait (not sent, not counted as failures). */
  unroutable = 0;

  constructor(
    private readonly balancer: Balancer,
    private readonly rec: Recorder,
  ) {}

  /** Sends `ask` to a ready replica (or `to`), retrying a refusal once elsewhere; resolves with the last exchange. */
  async send(kind: HttpRecord["kind"], op: string, ask: Ask | ((r: Replica) => Ask), expect: Expectation, to?: Replica): Promise<{ x: Exchange; replica: Replica } | undefined> {
    const first = to ?? (await this.balancer.waitPick(2_000));
    if (!first) {
      this.unroutable++;
      return undefined;
    }
    const x = await this.once(kind, op, first, ask, expect, false);
    if (!isRefusal(x)) return { x, replica: first };
    const second = this.balancer.pick(first);
    if (!second || second === first) return { x, replica: first };
    return { x: await this.once(kind, op, second, ask, expect, true), replica: second };
  }

  private async once(kind: HttpRecord["kind"], op: string, replica: Replica, ask: Ask | ((r: Replica) => Ask), expect: Expectation, retry: boolean): Promise<Exchange> {
    const x = await exchange(replica.url, typeof ask === "function" ? ask(replica) : ask);
    const verdict = expect(x);
    this.rec.http.push({
      kind,
      op,
      replica: replica.name,
      t0: x.t0,
      t1: x.t1,
      status: x.status,
      error: x.error,
      codes: errorCodes(x.body),
      expected: verdict.ok,
      mismatch: verdict.mismatch,
      retry: retry || undefined,
    });
    return x;
  }
}
