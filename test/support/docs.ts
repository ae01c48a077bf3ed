import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root, where README.md is. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** README.md and every page under docs/, as repository-relative paths. */
export function docPages(): string[] {
  const pages = ["README.md"];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) pages.push(path);
    }
  };
  walk("docs");
  return pages.sort();
}

/** One fenced block of a page: its language, its text, and the 1-based line its fence opens on. */
export interface FencedBlock {
  readonly page: string;
  readonly lang: string;
  readonly text: string;
  readonly line: number;
}

/** The fenced blocks of a page, in order (indented fences, as in a list item, included). */
export function fencedBlocks(page: string): FencedBlock[] {
  const lines = readFileSync(join(REPO_ROOT, page), "utf8").split("\n");
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(Math.min(indent, lines[j]!.search(/\S|$/))));
    blocks.push({ page, lang: open[2]!, text: body.join("\n"), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** A page's text with its fenced blocks and inline code blanked out, so links are read from prose only. */
export function prose(page: string): string {
  const text = readFileSync(join(REPO_ROOT, page), "utf8");
  return text.replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, "").replace(/`[^`\n]*`/g, "``");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors a Markdown page defines (its headings; repeats get -1, -2 as on GitHub). */
export function anchorsOf(page: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(page).matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = anchorOf(heading!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** A repository path as seen from a page: `target` resolved against the page's folder. */
export function resolveFrom(page: string, target: string): string {
  return relative(REPO_ROOT, join(REPO_ROOT, page, "..", target));
}
