import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../support/stack.js";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/** Opens a raw TCP connection to the gateway and resolves when the server ends it: after how long, and what it answered. */
function slowClient(write: (socket: Socket) => void): Promise<{ seconds: number; answer: string }> {
  const { port } = new URL(stack.gateway.url);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1", () => write(socket));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => resolve({ seconds: (performance.now() - started) / 1000, answer }));
  });
}

/** Writes `parts` one per second, as long as the socket is open. */
function dribble(socket: Socket, parts: string[]): void {
  const timer = setInterval(() => {
    if (socket.destroyed || parts.length === 0) return clearInterval(timer);
    socket.write(parts.shift()!);
  }, 1_000);
  socket.on("close", () => clearInterval(timer));
}

describe("slow clients are dropped when the README says (headers 10 s, the whole request 30 s), measured", () => {
  it("headers at one line a second, and a body at one byte a second: 408 and closed within a second of each limit", async () => {
    const headers = slowClient((socket) => {
      socket.write("POST / HTTP/1.1\r\nHost: localhost\r\n");
      dribble(socket, Array.from({ length: 60 }, (_, i) => `X-Slow-${i}: ${i}\r\n`));
    });
    const body = slowClient((socket) => {
      socket.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
      dribble(socket, Array.from({ length: 100 }, () => " "));
    });
    const [h, b] = await Promise.all([headers, body]);
    expect(h.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(h.seconds).toBeGreaterThanOrEqual(9.5);
    expect(h.seconds).toBeLessThan(11.5);
    expect(b.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(b.seconds).toBeGreaterThanOrEqual(29.5);
    expect(b.seconds).toBeLessThan(31.5);
  }, 40_000);
});
