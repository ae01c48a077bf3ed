import { execFile } from "node:child_process";

const SCRIPT = new URL("../../scripts/audit-verify.ts", import.meta.url).pathname;

/** Runs the audit:verify CLI (as `npm run audit:verify` does, through tsx); its exit code and output. */
export function auditVerify(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", SCRIPT, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
