import { describe, expect, it } from "vitest";
import { GENESIS_HASH } from "../../src/audit/audit-chain.js";
import { verifyEvents, verifyExportLines, verifyStore } from "../../src/audit/audit-verify.js";
import { exportHeader, exportLine, parseExportLine } from "../../src/audit/export-line.js";
import { chain } from "../support/audit-chain-fixture.js";

describe("verifyEvents", () => {
  it("passes an intact chain and reports its count and seqs", async () => {
    expect(await verifyEvents(chain(5), { prevHash: GENESIS_HASH })).toEqual({ ok: true, count: 5, firstSeq: "1", lastSeq: "5" });
    expect(await verifyEvents([], { prevHash: GENESIS_HASH })).toEqual({ ok: true, count: 0, firstSeq: null, lastSeq: null });
  });

  it("names an edited event", async () => {
    const events = chain(5);
    events[2] = { ...events[2]!, purpose: "something else" };
    expect(await verifyEvents(events, { prevHash: GENESIS_HASH })).toEqual({ ok: false, seq: "3", reason: "hash does not match the event's contents" });
  });

  it("names the event after a removed one", async () => {
    const events = chain(5);
    events.splice(2, 1);
    expect(await verifyEvents(events, { prevHash: GENESIS_HASH })).toEqual({ ok: false, seq: "4", reason: "prevHash does not match the hash of seq 2" });
  });

  it("names a reordered event", async () => {
    const events = chain(5);
    [events[1], events[2]] = [events[2]!, events[1]!];
    expect(await verifyEvents(events, { prevHash: GENESIS_HASH })).toMatchObject({ ok: false, seq: "3" });
  });

  it("refuses a seq that does not increase, even with hashes recomputed to fit", async () => {
    const events = chain(3);
    const tampered = [events[0]!, { ...events[1]!, seq: "1" }];
    expect(await verifyEvents(tampered, { prevHash: GENESIS_HASH })).toEqual({ ok: false, seq: "1", reason: "seq does not increase (after seq 1)" });
    expect(await verifyEvents(events, { prevHash: GENESIS_HASH, seq: "1" })).toMatchObject({ ok: false, seq: "1" });
  });

  it("checks the first event against the start (a checkpoint)", async () => {
    const events = chain(3, "a".repeat(64), 11);
    expect(await verifyEvents(events, { prevHash: "a".repeat(64), seq: "10" })).toMatchObject({ ok: true, count: 3, firstSeq: "11", lastSeq: "13" });
    expect(await verifyEvents(events, { prevHash: GENESIS_HASH })).toEqual({ ok: false, seq: "11", reason: "prevHash does not match the chain's start" });
  });

  it("verifyStore starts from the store's checkpoint", async () => {
    const events = chain(2, "b".repeat(64), 101);
    const store = {
      checkpoint: async () => ({ seq: "100", hash: "b".repeat(64) }),
      async *stream() {
        yield* events;
      },
    };
    expect(await verifyStore(store)).toMatchObject({ ok: true, count: 2 });
  });
});

describe("export lines", () => {
  it("round-trip: parseExportLine reads exportLine's output back to the same event", () => {
    for (const event of chain(3)) expect(parseExportLine(exportLine(event))).toEqual({ kind: "event", event });
    expect(parseExportLine(exportHeader({ seq: "9", hash: "c".repeat(64) }))).toEqual({ kind: "header", checkpoint: { seq: "9", hash: "c".repeat(64) } });
  });

  it("are camelCase JSON with every field in a fixed order", () => {
    expect(Object.keys(JSON.parse(exportLine(chain(1)[0]!)))).toEqual([
      "seq",
      "at",
      "caller",
      "issuer",
      "transport",
      "operationName",
      "requestId",
      "traceId",
      "sessionId",
      "coordinates",
      "refused",
      "mediaIds",
      "masked",
      "purpose",
      "outcome",
      "prevHash",
      "hash",
    ]);
  });

  it("a malformed line is refused naming the field, not its value", () => {
    const line = JSON.parse(exportLine(chain(1)[0]!));
    expect(() => parseExportLine(JSON.stringify({ ...line, masked: "yes" }))).toThrow("field masked is missing or malformed");
    expect(() => parseExportLine("{not json")).toThrow("not valid JSON");
  });
});

describe("verifyExportLines", () => {
  const lines = (events = chain(6)) => events.map(exportLine);

  it("checks a whole export from the genesis", async () => {
    expect(await verifyExportLines(lines())).toEqual({ ok: true, count: 6, firstSeq: "1", lastSeq: "6", start: "genesis" });
  });

  it("checks from a checkpoint header", async () => {
    const events = chain(6);
    const tail = events.slice(3);
    expect(await verifyExportLines([exportHeader({ seq: "3", hash: events[2]!.hash }), ...lines(tail)])).toMatchObject({ ok: true, count: 3, start: "checkpoint" });
    expect(await verifyExportLines([exportHeader({ seq: "3", hash: GENESIS_HASH }), ...lines(tail)])).toMatchObject({ ok: false, seq: "4", start: "checkpoint", line: 2 });
  });

  it("an export from mid-chain trusts its first event's prevHash, and says so", async () => {
    expect(await verifyExportLines(lines(chain(6).slice(2)))).toEqual({ ok: true, count: 4, firstSeq: "3", lastSeq: "6", start: "first-event" });
  });

  it("names an edited line by seq and line number", async () => {
    const text = lines();
    text[3] = text[3]!.replace('"KYC review"', '"fraud check"');
    expect(await verifyExportLines(text)).toEqual({ ok: false, seq: "4", reason: "hash does not match the event's contents", start: "genesis", line: 4 });
  });

  it("names a removed line", async () => {
    const text = lines();
    text.splice(1, 1);
    expect(await verifyExportLines(text)).toMatchObject({ ok: false, seq: "3", line: 2 });
  });

  it("names a malformed line; blank lines are skipped", async () => {
    const text = lines();
    text.splice(2, 0, "");
    text[4] = "{";
    expect(await verifyExportLines(text)).toEqual({ ok: false, seq: null, reason: "line 5: not valid JSON", start: "genesis", line: 5 });
  });
});
