import { ErrorCode, Explain } from "../upstream/error-codes.js";

/** A request asked for more upstream work than its budget allows; the message names the limit and its variable. */
export class RequestBudgetError extends Error {
  override readonly name = "RequestBudgetError";
  readonly code = ErrorCode.BAD_USER_INPUT;
}

/** The budget error for one kind of upstream read (sessions or media), naming the variable that sets it. */
export function budgetExceeded(what: "distinct sessions" | "media fetches", limit: number, variable: string): RequestBudgetError {
  return new RequestBudgetError(Explain.fetchBudget(what, limit, variable));
}
