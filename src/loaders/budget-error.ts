import { CodedFailure } from "../errors/coded-error.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";

/** A request asked for more upstream work than its budget allows; the message names the limit and its variable. */
export class RequestBudgetError extends CodedFailure {
  override readonly name = "RequestBudgetError";
}

/** The budget error for one kind of upstream read (sessions or media), naming the variable that sets it. */
export function budgetExceeded(what: "distinct sessions" | "media fetches", limit: number, variable: string): RequestBudgetError {
  return new RequestBudgetError(ErrorCode.BAD_USER_INPUT, Explain.fetchBudget(what, limit, variable));
}
