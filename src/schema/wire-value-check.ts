import {
  isCompositeType,
  isListType,
  isNonNullType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
} from "graphql";
import { ErrorCode } from "../errors/error-codes.js";
import { isPlainObject } from "../upstream/parse-session.js";
import { codedError } from "../errors/coded-error.js";

// Yoti's body is parsed JSON: any field may hold any JSON type. graphql-js would answer a wrong one
// with a message that quotes the value (personal data) or an uncoded error (reported as a gateway
// bug). These checks refuse it first, as UPSTREAM_BAD_RESPONSE on that field alone.

/** Whether one non-null wire value has a JSON type the field's GraphQL type can serialise as it is. */
export type WireValueCheck = (value: unknown) => boolean;

/** String: graphql turns numbers and booleans into strings harmlessly; objects and arrays are refused. */
const isStringLike: WireValueCheck = (v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
/** ID: graphql-js accepts a string or an integer (and refuses booleans). */
const isIdLike: WireValueCheck = (v) => typeof v === "string" || Number.isInteger(v);
/** Int is 32-bit in GraphQL: a larger integer would fail graphql-js's own serialisation. */
const isInt: WireValueCheck = (v) => typeof v === "number" && (v | 0) === v;
const isFloat: WireValueCheck = (v) => typeof v === "number" && Number.isFinite(v);
const isBoolean: WireValueCheck = (v) => typeof v === "boolean";

// Scalars not listed accept any value: JSON is anything, and DateTime's serialize does its own (coded) check.
const SCALAR_CHECKS: ReadonlyMap<string, WireValueCheck> = new Map([
  ["String", isStringLike],
  ["ID", isIdLike],
  ["Int", isInt],
  ["Float", isFloat],
  ["Boolean", isBoolean],
]);

/** A list: an array whose items pass the item check; null items only where the item type is nullable. */
function listCheck(itemType: GraphQLOutputType): WireValueCheck {
  const itemRequired = isNonNullType(itemType);
  const item = wireValueCheck(itemType);
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || v === undefined) {
        if (itemRequired) return false;
      } else if (item !== undefined && !item(v)) {
        return false;
      }
    }
    return true;
  };
}

/** The check for a field's non-null values, by its GraphQL output type; undefined when any value will do. */
export function wireValueCheck(type: GraphQLOutputType): WireValueCheck | undefined {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return listCheck(inner.ofType);
  if (isCompositeType(inner)) return isPlainObject;
  return SCALAR_CHECKS.get(inner.name);
}

/** Returns the value when absent or of the right JSON type; otherwise throws UPSTREAM_BAD_RESPONSE with the fixed message. */
function accepted(value: unknown, check: WireValueCheck): unknown {
  if (value === undefined || value === null || check(value)) return value;
  throw codedError(ErrorCode.UPSTREAM_BAD_RESPONSE);
}

/** A resolver reading `property` straight off the wire object, refusing a value of the wrong JSON type. */
export function checkedRead(property: string, check: WireValueCheck | undefined): GraphQLFieldResolver<Record<string, unknown>, unknown> {
  if (check === undefined) return (source) => source[property];
  return (source) => accepted(source[property], check);
}

/** Wraps a resolver (sync or async) so that what it resolves gets the same check as a direct read. */
export function checkedResolver<S, C>(resolve: GraphQLFieldResolver<S, C>, check: WireValueCheck | undefined): GraphQLFieldResolver<S, C> {
  if (check === undefined) return resolve;
  const accept = (value: unknown) => accepted(value, check);
  return (source, args, context, info) => {
    const result: unknown = resolve(source, args, context, info);
    // Wire JSON holds no functions, so a callable `then` marks a promise (type-graphql's middleware chain returns one).
    return typeof (result as PromiseLike<unknown> | null)?.then === "function" ? (result as PromiseLike<unknown>).then(accept) : accept(result);
  };
}
