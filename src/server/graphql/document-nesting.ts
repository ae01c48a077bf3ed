/** Deepest nesting of `[`/`{`/`(` a document may have: far above any real query (selections stop at depth 16). */
export const MAX_DOCUMENT_NESTING = 128;

/**
 * The deepest bracket nesting in a GraphQL document, strings and comments skipped. graphql's parser
 * recurses once per level, so a 2,000-deep list literal would exhaust its stack; this count is
 * taken before parsing, in a loop, at a cost of one pass over the text.
 */
export function documentNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      // Stryker disable next-line EqualityOperator: equivalent, one step past the end reads NaN and stops there
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        // A block string ends at the first """ not escaped as \""" (with none, end is -1 and charCodeAt(-2) is NaN).
        let end = text.indexOf('"""', i + 3);
        while (text.charCodeAt(end - 1) === 0x5c) end = text.indexOf('"""', end + 3);
        // Stryker disable next-line EqualityOperator: equivalent, a closing """ is never at index 0
        i = end < 0 ? text.length : end + 2;
      } else {
        // Stryker disable next-line EqualityOperator: equivalent, one step past the end reads NaN and stops there
        for (i++; i < text.length && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x0a; i++) if (text.charCodeAt(i) === 0x5c) i++;
      }
    } else if (c === 0x5b || c === 0x7b || c === 0x28) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d || c === 0x29) {
      depth--;
    }
  }
  return max;
}
