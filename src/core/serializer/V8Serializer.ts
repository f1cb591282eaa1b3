import { deserialize, serialize } from "node:v8";

/**
 * The one serializer for data crossing a thread or process: V8's structured serialization, which keeps
 * Map, Set, Date, BigInt and typed arrays intact and is fast. Functions never go through it: they travel
 * as checked source (closure/SerializedFunction).
 */
export class V8Serializer {
  serialize(value: unknown): Buffer {
    return serialize(value);
  }

  deserialize<T>(bytes: Buffer | Uint8Array): T {
    return deserialize(bytes) as T;
  }
}
