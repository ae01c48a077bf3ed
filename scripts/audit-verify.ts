// Checks the audit trail's hash chain: a PostgreSQL server, a PGlite folder, or an export file.
//   npm run audit:verify -- --database-url postgres://...   |   --dir ./data/audit   |   --file export.jsonl
// With no argument it reads the gateway's own settings (GATEWAY_AUDIT_DATABASE_URL, GATEWAY_AUDIT_DIR,
// else ./data/audit). Prints "ok: N events verified (seq A..B)" or "FAILED at seq N: reason";
// exits 0 when the chain holds, 1 when it does not (or cannot be read), 2 on a usage error.
import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { verifyExportLines, verifyStore, type ExportVerifyResult, type VerifyResult } from "../src/audit/audit-verify.js";
import { openAuditStore } from "../src/audit/open-audit-store.js";
import { DEFAULT_AUDIT_DIR } from "../src/config/audit-config.js";

type Source = { readonly databaseUrl: string } | { readonly dir: string } | { readonly file: string };

const USAGE = "usage: npm run audit:verify -- [--database-url postgres://... | --dir DIR | --file EXPORT.jsonl]";

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

function parseArgs(args: readonly string[]): Source {
  if (args.length === 0) {
    const databaseUrl = process.env.GATEWAY_AUDIT_DATABASE_URL?.trim();
    if (databaseUrl) return { databaseUrl };
    return { dir: process.env.GATEWAY_AUDIT_DIR?.trim() || DEFAULT_AUDIT_DIR };
  }
  if (args[0] === "--help" || args[0] === "-h") usage();
  if (args.length !== 2) usage("give exactly one of --database-url, --dir or --file, with its value");
  const [flag, value] = args as [string, string];
  if (value.startsWith("--") || value === "") usage(`${flag} needs a value`);
  switch (flag) {
    case "--database-url":
      return { databaseUrl: value };
    case "--dir":
      return { dir: value };
    case "--file":
      return { file: value };
    default:
      return usage(`unknown option ${flag}`);
  }
}

function describe(result: VerifyResult | ExportVerifyResult, from: string): string {
  if (!result.ok) return `FAILED at ${result.seq === null ? "an unreadable line" : `seq ${result.seq}`}: ${result.reason}`;
  const range = result.count === 0 ? "" : ` (seq ${result.firstSeq}..${result.lastSeq})`;
  return `ok: ${result.count} events verified${range}${from}`;
}

async function verify(source: Source): Promise<string> {
  if ("file" in source) {
    if (!existsSync(source.file)) throw new Error("no such file");
    const lines = createInterface({ input: createReadStream(source.file, "utf8"), crlfDelay: Infinity });
    const result = await verifyExportLines(lines);
    const from =
      result.start === "checkpoint" ? ", from the export's checkpoint" : result.start === "first-event" ? ", starting mid-chain: the first event's prevHash was trusted as the start" : ", from the genesis";
    return describe(result, from);
  }
  // A verify must not create an empty trail where the operator mistyped a folder.
  if ("dir" in source && !existsSync(source.dir)) throw new Error(`no audit folder at ${source.dir}`);
  const store = await openAuditStore("databaseUrl" in source ? { databaseUrl: source.databaseUrl, dir: "" } : { dir: source.dir });
  try {
    const checkpoint = await store.checkpoint();
    const result = await verifyStore(store);
    return describe(result, checkpoint.seq === "0" ? ", from the genesis" : `, from the retention checkpoint at seq ${checkpoint.seq}`);
  } finally {
    await store.close();
  }
}

const source = parseArgs(process.argv.slice(2));
try {
  const line = await verify(source);
  process.stdout.write(`${line}\n`);
  process.exit(line.startsWith("ok:") ? 0 : 1);
} catch (error) {
  // The error's own text may quote a connection string: its class and code only (and our own messages).
  const err = error as Error & { code?: unknown; cause?: Error };
  const detail = err.name === "Error" ? err.message : `${err.name}${err.cause ? ` (${err.cause.message})` : ""}`;
  process.stderr.write(`cannot verify: ${detail}\n`);
  process.exit(1);
}
