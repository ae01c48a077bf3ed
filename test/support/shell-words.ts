/** One simple command of a shell snippet: its words (quotes removed) and the text it was read from. */
export interface ShellCommand {
  readonly words: string[];
  readonly source: string;
}

/**
 * Splits a documentation snippet into simple commands, as far as docs need a shell: quotes, `\`
 * line continuations, `$(...)` kept whole inside a word, `<placeholders>` as one word, `#` comments, `&&`, `;`, `&`, `|` and
 * newlines between commands, and `>` redirections (dropped with their target). Enough to classify
 * and run documented commands; no expansion is done.
 */
export function shellCommands(snippet: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word: string | undefined;
  let start = 0;
  let redirect = false;
  const endWord = () => {
    if (word === undefined) return;
    if (redirect) redirect = false;
    else words.push(word);
    word = undefined;
  };
  const endCommand = (at: number) => {
    endWord();
    if (words.length > 0) commands.push({ words, source: snippet.slice(start, at).trim() });
    words = [];
    start = at + 1;
  };
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === "\\" && snippet[i + 1] === "\n") {
      i++;
      continue;
    }
    if (c === "'") {
      const end = snippet.indexOf("'", i + 1);
      word = (word ?? "") + snippet.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = "";
      for (i++; snippet[i] !== '"'; i++) text += snippet[i] === "\\" && /["\\$`]/.test(snippet[i + 1]!) ? snippet[++i] : snippet[i];
      word = (word ?? "") + text;
    } else if (c === "$" && snippet[i + 1] === "(") {
      let depth = 0;
      let j = i + 1;
      let quote: string | undefined;
      for (; j < snippet.length; j++) {
        const d = snippet[j]!;
        if (quote) quote = d === quote ? undefined : quote;
        else if (d === "'" || d === '"') quote = d;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      word = (word ?? "") + snippet.slice(i, j + 1);
      i = j;
    } else if (c === "#" && word === undefined) {
      const end = snippet.indexOf("\n", i);
      i = (end < 0 ? snippet.length : end) - 1;
    } else if (c === "\n" || c === ";" || c === "|" || c === "&") {
      endCommand(i);
      if ((c === "&" || c === "|") && snippet[i + 1] === c) (i++, (start = i + 1));
    } else if (c === "<" && (word === undefined || word.endsWith("=")) && snippet.indexOf(">", i) > i) {
      // A placeholder such as <your SDK ID>: one word, as the reader fills it in.
      const end = snippet.indexOf(">", i);
      word = (word ?? "") + snippet.slice(i, end + 1);
      i = end;
    } else if (c === ">") {
      endWord();
      redirect = true;
    } else if (c === " " || c === "\t") {
      endWord();
    } else {
      word = (word ?? "") + c;
    }
  }
  endCommand(snippet.length);
  return commands;
}

/** A command's leading `NAME=value` assignments, and the words after them. */
export function splitAssignments(words: readonly string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  return { env, rest: words.slice(i) };
}
