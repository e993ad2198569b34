/** What a stream has sent so far, and whether it ended (or was aborted). */
export interface StreamText {
  text: string;
  ended: boolean;
}

/** Reads `reader` in the background into `state`; `done` settles when the stream ends or is aborted. */
export function readInBackground(reader: ReadableStreamDefaultReader<Uint8Array>): { state: StreamText; done: Promise<void> } {
  const decoder = new TextDecoder();
  const state: StreamText = { text: "", ended: false };
  const done = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        state.text += decoder.decode(chunk.value);
      }
    } catch {
      // aborted
    }
    state.ended = true;
  })();
  return { state, done };
}
