import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { personalFields } from "../../src/schema/personal-data.js";
import { demoSession } from "../support/demo-data.js";
import { addEveryFieldSession, personalReach, reachQuery, valueAt, type Expected, type Reach } from "../support/personal-reach.js";
import { apiKeyEntry, bearer, createJwtIssuer } from "../support/tokens.js";
import { startStack, type Stack } from "../support/stack.js";

const KEYS = { full: `fk_${randomUUID()}`, masked: `mk_${randomUUID()}`, none: `nk_${randomUUID()}` };
type Answer = { data?: { session?: unknown } | null; errors?: { path?: (string | number)[]; message: string; extensions?: { code?: string } }[] };

/** The error code at exactly `path`, if any. */
const codeAt = (answer: Answer, path: readonly (string | number)[]) => answer.errors?.find((e) => (e.path ?? []).join(".") === path.join("."))?.extensions?.code;

describe("personal data: every declared coordinate, as each kind of caller gets it", () => {
  const issuer = createJwtIssuer({ subject: "support-agent-7" });
  let stack: Stack;
  let session: ReturnType<typeof addEveryFieldSession>;
  let reach: Record<string, Reach>;
  const ask = async (key: string, reachOf: Reach): Promise<Answer> => {
    const res = await stack.post(JSON.stringify({ query: reachQuery(reachOf), variables: { id: session.sessionId } }), bearer(key));
    expect(res.status).toBe(200);
    return res.json as Answer;
  };
  const expectAnswer = (answer: Answer, reachOf: Reach, expected: Expected) => {
    const path = ["session", ...reachOf.path];
    const got = valueAt(answer.data, path);
    if (expected === "FORBIDDEN") {
      expect(got ?? null).toBeNull();
      expect(codeAt(answer, path)).toBe("FORBIDDEN");
    } else if (expected === "null") {
      expect(got).toBeNull();
      expect(answer.errors).toBeUndefined();
    } else {
      expect(got).toEqual(expected.value);
      expect(answer.errors).toBeUndefined();
    }
  };

  beforeAll(async () => {
    await buildGatewaySchema();
    stack = await startStack({
      auth: {
        jwt: issuer.authConfig(),
        apiKeys: [
          apiKeyEntry("full", KEYS.full, ["sessions:read", "pii:read", "media:read", "devices:read"]),
          apiKeyEntry("masked", KEYS.masked, ["sessions:read", "pii:masked", "media:read", "devices:read"]),
          apiKeyEntry("none", KEYS.none, ["sessions:read", "media:read", "devices:read"]),
        ],
      },
    });
    session = addEveryFieldSession(stack.emulator);
    reach = personalReach(session.clientSessionToken);
  });
  afterAll(() => stack?.close());

  it("every declared personal coordinate has a query here (a new @Personal fails until it has one), and nothing else does", () => {
    expect(Object.keys(reach).sort()).toEqual(personalFields().map((f) => f.coordinate));
  });

  it("pii:read: every coordinate resolves to its whole, non-null value", async () => {
    for (const [coordinate, r] of Object.entries(reach)) {
      const answer = await ask(KEYS.full, r);
      expect.soft(r.full, coordinate).not.toBe("null");
      expect(() => expectAnswer(answer, r, r.full), coordinate).not.toThrow();
    }
  });

  it("pii:masked: every coordinate masked, hidden (null) or refused (FORBIDDEN) as declared", async () => {
    const declared = new Map(personalFields().map((f) => [f.coordinate, f]));
    for (const [coordinate, r] of Object.entries(reach)) {
      const field = declared.get(coordinate)!;
      // The table above agrees with the declaration: no mask means FORBIDDEN, hidden means null.
      if (!field.mask) expect(r.masked, coordinate).toBe("FORBIDDEN");
      if (field.mask?.name === "hidden") expect(r.masked, coordinate).toBe("null");
      const answer = await ask(KEYS.masked, r);
      expect(() => expectAnswer(answer, r, r.masked), coordinate).not.toThrow();
    }
  });

  it("neither pii scope: pii:read fields are FORBIDDEN (at the field or the personal object above it); media:read and devices:read fields resolve whole", async () => {
    const declared = new Map(personalFields().map((f) => [f.coordinate, f]));
    for (const [coordinate, r] of Object.entries(reach)) {
      const answer = await ask(KEYS.none, r);
      const path = ["session", ...r.path];
      if (declared.get(coordinate)!.scope !== "pii:read") {
        expect(() => expectAnswer(answer, r, r.full), coordinate).not.toThrow();
        continue;
      }
      expect(valueAt(answer.data, path) ?? null, coordinate).toBeNull();
      const refusedAbove = (answer.errors ?? []).filter((e) => e.extensions?.code === "FORBIDDEN" && path.join(".").startsWith((e.path ?? []).join(".")));
      expect(refusedAbove.length, coordinate).toBe(1);
    }
  });

  it("a JWT with sessions:read pii:masked on a demo passport: last four, year, initials, no MRZ, no image link, no JSON", async () => {
    const approved = demoSession("approved").session_id as string;
    const jwt = await issuer.sign({ scope: "sessions:read pii:masked media:read" });
    const query = `query($id: ID!) { session(id: $id) { clientSessionToken resources { idDocuments { documentFields {
      media { id url } json values { fullName givenNames familyName dateOfBirth documentNumber nationality documentType mrz { line1 } } } } } } }`;
    const masked = (await stack.post(JSON.stringify({ query, variables: { id: approved } }), bearer(jwt))).json as Answer;
    const fields = valueAt(masked.data, ["session", "resources", "idDocuments", 0, "documentFields"]) as Record<string, any>;
    expect(fields.values).toEqual({
      fullName: "J. A. S.",
      givenNames: "J. A.",
      familyName: "S.",
      dateOfBirth: "1988",
      documentNumber: "••••6473",
      nationality: "GBR",
      documentType: "PASSPORT",
      mrz: null,
    });
    expect(fields.media).toEqual({ id: expect.any(String), url: null });
    expect(fields.json).toBeNull();
    expect(Object.fromEntries((masked.errors ?? []).map((e) => [(e.path ?? []).join("."), [e.extensions?.code, e.message]]))).toEqual({
      "session.clientSessionToken": ["FORBIDDEN", "This field has no masked form: it needs the pii:read scope"],
      "session.resources.idDocuments.0.documentFields.json": ["FORBIDDEN", "This field has no masked form: it needs the pii:read scope"],
      "session.resources.idDocuments.0.documentFields.media.url": ["FORBIDDEN", "This field has no masked form: it needs the pii:read scope"],
    });
    expect(JSON.stringify(masked)).not.toMatch(/JANE|SPECIMEN|925076473|1988-04-12|P<GBR/);

    // The same document whole for pii:read.
    const full = (await stack.post(JSON.stringify({ query, variables: { id: approved } }), bearer(await issuer.sign({ scope: "sessions:read pii:read media:read" })))).json as Answer;
    expect(full.errors).toBeUndefined();
    expect(valueAt(full.data, ["session", "resources", "idDocuments", 0, "documentFields", "values", "fullName"])).toBe("JANE ALICE SPECIMEN");
    expect(valueAt(full.data, ["session", "resources", "idDocuments", 0, "documentFields", "values", "documentNumber"])).toBe("925076473");
  });

  it("pii:read wins when a caller holds both", async () => {
    const jwt = await issuer.sign({ scope: "sessions:read pii:masked pii:read" });
    const answer = await ask(jwt, reach["DocumentFieldValues.documentNumber"]!);
    expect(valueAt(answer.data, ["session", ...reach["DocumentFieldValues.documentNumber"]!.path])).toBe("925076473");
  });
});
