import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { demoSession } from "../support/demo-data.js";
import { sdkClient } from "../support/yoti-sdk.js";
import { emulatorForSuite, sessionWithImage, signedGet } from "./helpers.js";

const approved = demoSession("approved").session_id as string;

describe("emulator addMedia", () => {
  const em = emulatorForSuite();

  const get = (path: string) => signedGet(em(), path);

  it("addMedia serves bytes to the official SDK, or a 204 for empty content, only where a session mentions the id", async () => {
    const client = sdkClient(em());
    const mediaId = randomUUID();
    const image = randomBytes(10_000);
    em().addMedia(mediaId, { contentType: "image/png", bytes: image });
    const sessionId = sessionWithImage(em(), mediaId);
    const media = await client.getMediaContent(sessionId, mediaId);
    expect(media!.getMimeType()).toBe("image/png");
    expect(Buffer.compare(media!.getContent(), image)).toBe(0);

    // Another session never mentioned it: 404 there, as for any foreign media id.
    expect((await get(`/sessions/${approved}/media/${mediaId}/content`)).status).toBe(404);

    em().addMedia(mediaId, { empty: true });
    const gone = await get(`/sessions/${sessionId}/media/${mediaId}/content`);
    expect([gone.status, (await gone.arrayBuffer()).byteLength]).toEqual([204, 0]);
    expect(await client.getMediaContent(sessionId, mediaId)).toBeNull();
  });

  it("addMedia keeps its own copy and rejects bad input with a TypeError", async () => {
    const mediaId = randomUUID();
    const bytes = Buffer.from("original");
    em().addMedia(mediaId, { contentType: "text/plain", bytes });
    bytes.write("changed!");
    const res = await get(`/sessions/${sessionWithImage(em(), mediaId)}/media/${mediaId}/content`);
    expect(await res.text()).toBe("original");

    const bad: [string, unknown][] = [
      ["", { empty: true }],
      [mediaId, null],
      [mediaId, { contentType: "image/png" }],
      [mediaId, { contentType: "image/png", bytes: "not a buffer" }],
      [mediaId, { contentType: "image/png\r\nX-Evil: 1", bytes: Buffer.alloc(1) }],
      [mediaId, { contentType: "", bytes: Buffer.alloc(1) }],
    ];
    for (const [id, content] of bad) {
      expect(() => em().addMedia(id, content as never), JSON.stringify([id, content])).toThrow(TypeError);
    }
  });
});
