/** Why a socket may not open or stay open now. */
export type BudgetRefusal = "capacity" | "pending" | "pending-per-address";

/** The limits a WebSocket connection budget enforces. */
export interface ConnectionLimits {
  /** Authenticated connections one process serves (GATEWAY_LIVE_MAX_CONNECTIONS). */
  readonly maxConnections: number;
  /** Sockets still waiting for their connection_init, per process (GATEWAY_LIVE_MAX_PENDING). */
  readonly maxPending: number;
  /** The same, per remote address (GATEWAY_LIVE_MAX_PENDING_PER_ADDRESS). */
  readonly maxPendingPerAddress: number;
}

/**
 * Counts WebSocket connections in two budgets: sockets that have not authenticated yet (a small
 * budget of their own, per process and per remote address, held for the connection_init wait at
 * most) and authenticated connections (the capacity). Sockets that never authenticate can then fill
 * only their own budget: an authenticated client always finds its capacity free.
 */
export class ConnectionBudget<S extends object> {
  private readonly pending = new Map<S, string>();
  private readonly pendingByAddress = new Map<string, number>();
  private readonly authenticated = new Set<S>();

  constructor(private readonly limits: ConnectionLimits) {}

  /** Whether a new socket from `address` may open now, or why not. */
  refusalFor(address: string): BudgetRefusal | undefined {
    if (this.authenticated.size >= this.limits.maxConnections) return "capacity";
    if (this.pending.size >= this.limits.maxPending) return "pending";
    if ((this.pendingByAddress.get(address) ?? 0) >= this.limits.maxPendingPerAddress) return "pending-per-address";
    return undefined;
  }

  /** A socket opened from `address` and waits for its connection_init. */
  opened(socket: S, address: string): void {
    this.pending.set(socket, address);
    this.pendingByAddress.set(address, (this.pendingByAddress.get(address) ?? 0) + 1);
  }

  /** The socket authenticated: it moves to the capacity, unless that filled while it was pending (false: close it). */
  authenticate(socket: S): boolean {
    this.release(socket);
    if (this.authenticated.size >= this.limits.maxConnections) return false;
    this.authenticated.add(socket);
    return true;
  }

  /** The socket closed, in whichever budget it was. */
  closed(socket: S): void {
    this.release(socket);
    this.authenticated.delete(socket);
  }

  /** Authenticated connections open now. */
  get connections(): number {
    return this.authenticated.size;
  }

  /** Sockets waiting for their connection_init now. */
  get waiting(): number {
    return this.pending.size;
  }

  private release(socket: S): void {
    const address = this.pending.get(socket);
    if (address === undefined) return;
    this.pending.delete(socket);
    const left = (this.pendingByAddress.get(address) ?? 1) - 1;
    if (left > 0) this.pendingByAddress.set(address, left);
    else this.pendingByAddress.delete(address);
  }
}
