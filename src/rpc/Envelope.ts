import { deserialize, serialize } from "node:v8";
import { checkMessage, type Message } from "./Messages.js";

/**
 * What one frame carries: a message and where it goes. A request names its endpoint and, when it is an ask,
 * an id; a reply names the id it answers in `replyTo`. Requests travel only from the side that opened the
 * connection, replies only back.
 */
export type Envelope =
  | { readonly endpoint: string; readonly id: number | null; readonly replyTo: null; readonly message: Message }
  | { readonly endpoint: null; readonly id: null; readonly replyTo: number; readonly message: Message };

/** The body of a frame: V8's structured serialization, which carries data only, never code. */
export function encodeEnvelope(envelope: Envelope): Buffer {
  return serialize(envelope);
}

/** An envelope read from a frame's body; an error saying what is wrong if the body is not one. */
export function decodeEnvelope(body: Buffer): Envelope {
  let value: unknown;
  try {
    value = deserialize(body);
  } catch (e) {
    throw new Error(`frame body is not V8-serialized data (${(e as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("frame body is not an envelope: expected an object with endpoint, id, replyTo and message");
  }
  const { endpoint, id, replyTo, message } = value as Record<string, unknown>;
  if (typeof endpoint === "string") {
    if (endpoint.length === 0 || endpoint.length > 256) throw new Error("envelope: endpoint name must have 1 to 256 characters");
    if (id !== null && !isRequestId(id)) throw new Error("envelope: a request's id must be null (a send) or a positive integer (an ask)");
    if (replyTo !== null) throw new Error("envelope: a request must have replyTo null");
    return { endpoint, id, replyTo, message: checkMessage(message) };
  }
  if (endpoint === null) {
    if (id !== null || !isRequestId(replyTo)) throw new Error("envelope: a reply must have id null and replyTo a positive integer");
    return { endpoint, id, replyTo, message: checkMessage(message) };
  }
  throw new Error("envelope: endpoint must be a string (a request) or null (a reply)");
}

function isRequestId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
