/**
 * Reading an answer's body under MAX_ANSWER_BYTES, counted chunk by chunk as it arrives (after
 * decompression: node-fetch and undici hand out decoded bytes), so that neither a huge body nor a small
 * gzip bomb is ever held whole.
 */
import type { FetchResponse } from "./options";
import { NamedError } from "../named-error";

/** The body went past the limit; reading stopped there. Request.ts turns it into an AnswerTooLargeError. */
export class BodyTooLarge extends NamedError {}

/**
 * The body as UTF-8 text, at most `limitBytes` bytes.
 * @throws BodyTooLarge past the limit (the stream is released); whatever reading the stream throws
 */
export async function readCappedText(response: FetchResponse, limitBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) {
    release(response.body);
    throw new BodyTooLarge();
  }
  const body = response.body;
  if (body === undefined || body === null || !isAsyncIterable(body)) {
    // A test double or a minimal fetch without a body stream: read whole, then checked all the same.
    const text = await response.text();
    if (Buffer.byteLength(text) > limitBytes) throw new BodyTooLarge();
    return text;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early (throw) closes the iterator, which destroys or cancels the stream.
  for await (const chunk of body) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.length;
    if (size > limitBytes) throw new BodyTooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Lets go of a body that will not be read (a redirect's, an oversized one's), freeing its connection. */
export function release(body: FetchResponse["body"]): void {
  if (!body) return;
  const stream = body as { destroy?: () => void; cancel?: () => Promise<void> };
  if (typeof stream.destroy === "function") stream.destroy();
  else if (typeof stream.cancel === "function") stream.cancel().catch(() => undefined);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array | string> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}
