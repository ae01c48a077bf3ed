/** The part of a check the verdict reads. */
export interface VerdictCheck {
  readonly type?: string | null;
  readonly state?: string | null;
  readonly report?: { readonly recommendation?: { readonly value?: string | null; readonly reason?: string | null } | null } | null;
}

/** The session's overall outcome as a reviewer reads it; Yoti sends none, so the app derives it. */
export type VerdictKind = "REJECTED" | "APPROVED" | "NEEDS_REVIEW" | "IN_PROGRESS" | "NO_CHECKS";

/** A verdict and the reasons behind it (one line per check that decided it). */
export interface Verdict {
  readonly kind: VerdictKind;
  readonly label: string;
  readonly reasons: readonly string[];
}

const LABELS: Record<VerdictKind, string> = {
  REJECTED: "Rejected",
  APPROVED: "Approved",
  NEEDS_REVIEW: "Needs review",
  IN_PROGRESS: "In progress",
  NO_CHECKS: "No checks",
};

const describe = (check: VerdictCheck): string => {
  const recommendation = check.report?.recommendation;
  const outcome = recommendation?.value ? `${recommendation.value}${recommendation.reason ? ` (${recommendation.reason})` : ""}` : (check.state ?? "no state");
  return `${check.type ?? "UNKNOWN_CHECK"}: ${outcome}`;
};

/**
 * Any check recommending REJECT rejects the session (its reasons are the rejecting checks'); an
 * ongoing session is in progress; every check DONE and APPROVE approves it; anything else (CONSIDER,
 * NOT_AVAILABLE, a check never finished) needs a human, with those checks as the reasons.
 */
export function verdictOf(state: string | null | undefined, checks: readonly VerdictCheck[]): Verdict {
  const make = (kind: VerdictKind, reasons: readonly string[] = []): Verdict => ({ kind, label: LABELS[kind], reasons });
  const rejecting = checks.filter((c) => c.report?.recommendation?.value === "REJECT");
  if (rejecting.length > 0) return make("REJECTED", rejecting.map(describe));
  if (state === "ONGOING") return make("IN_PROGRESS");
  if (checks.length === 0) return make("NO_CHECKS", state ? [`session ${state} without checks`] : []);
  const open = checks.filter((c) => c.state !== "DONE" || c.report?.recommendation?.value !== "APPROVE");
  return open.length === 0 ? make("APPROVED") : make("NEEDS_REVIEW", open.map(describe));
}
