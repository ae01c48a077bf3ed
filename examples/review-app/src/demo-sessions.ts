/**
 * The embedded emulator's demo sessions (src/emulator/data/sessions/*.json at the repository root),
 * for the list's "demo sessions" button; a real deployment's reviewers paste their own ids.
 */
export const DEMO_SESSION_IDS: readonly string[] = [
  "9a7dbbfd-7190-486c-9066-91d372e4c6e2", // approved
  "e8c2f2da-552a-4f48-a8fb-ac2e6765bb57", // rejected
  "40aca7a2-48ca-4b46-9012-bb393d4bfd0e", // not available
  "daf5898c-b5fc-42ad-a056-a1ebb13f20e5", // all checks
  "ea7fc5ae-4230-4afa-a849-0b30270bd922", // ongoing
  "79f05461-56ea-423b-b6c0-0d11bca0aab2", // expired
  "20f5c766-7119-4217-9d7e-06b60ce0ffe7", // static liveness
  "29b483c1-95b1-4332-acf4-4a7115f813a2", // unknown types
  "c0ffee00-1d0c-4a11-9e55-000000000001", // the live demo (LIVE_DEMO_SESSION_ID)
];
