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
  refuseSparseArrays(value, body.length);
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

/**
 * A dense array takes at least a byte per element on the wire, so an array longer than its frame is sparse,
 * which no sender makes on purpose: refused, because code that loops over its length would stall the process.
 * Iterative, since V8 may deserialize data nested deeper than a recursive walk could follow.
 */
function refuseSparseArrays(root: object, frameBytes: number): void {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null || seen.has(value) || ArrayBuffer.isView(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      if (value.length > frameBytes) throw new Error(`envelope holds an array of length ${value.length} in a frame of ${frameBytes} bytes (a sparse array)`);
      for (const v of value) stack.push(v);
    } else if (value instanceof Map) {
      for (const [k, v] of value) stack.push(k, v);
    } else if (value instanceof Set) {
      for (const v of value) stack.push(v);
    } else {
      for (const v of Object.values(value)) stack.push(v);
    }
  }
}

function isRequestId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
