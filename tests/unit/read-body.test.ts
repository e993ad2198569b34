import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/errors";
import { readJsonBody } from "../../lib/http/read-body";

const post = (body: ReadableStream<Uint8Array> | string) =>
  new Request("http://localhost/api/v1/intents", { method: "POST", body, duplex: "half" } as RequestInit);

describe("readJsonBody", () => {
  it("reads a JSON body", async () => {
    await expect(readJsonBody(post('{"action":"x"}'))).resolves.toEqual({ action: "x" });
  });

  it("answers a body cut off by the client with the contract's 400, not an unexpected error", async () => {
    const cutOff = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"action":'));
      },
      pull(controller) {
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const read = readJsonBody(post(cutOff));
    await expect(read).rejects.toBeInstanceOf(AppError);
    await expect(read).rejects.toMatchObject({ code: "bad_request", status: 400 });
  });
});
