/**
 * Freezes parsed JSON (objects and arrays, all the way down) and returns it. The session cache hands
 * one parsed body to many requests at once; frozen, a resolver that ever tried to change it would
 * throw (ES modules are strict) instead of quietly changing what other requests see.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== "object" || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === "object" && child !== null) stack.push(child);
    }
  }
  return value;
}
