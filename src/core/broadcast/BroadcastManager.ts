import { serialize } from "node:v8";
import { Broadcast } from "./Broadcast.js";
import { SparkException } from "../../util/SparkException.js";

/** The driver's store of broadcast values, serialized once, for executors to fetch by id. */
export class BroadcastManager {
  private nextId = 0;
  private readonly values = new Map<number, Buffer>();

  constructor(private readonly onRemove: (id: number) => void) {}

  newBroadcast<T>(value: T): Broadcast<T> {
    const id = this.nextId++;
    let bytes: Buffer;
    try {
      bytes = serialize(value);
    } catch (e) {
      throw new SparkException(`Cannot broadcast this value: ${(e as Error).message}. Broadcast values must be plain data`, { cause: e });
    }
    this.values.set(id, bytes);
    return new Broadcast<T>(id, { value }, (bid, destroy) => {
      if (destroy) this.values.delete(bid);
      this.onRemove(bid);
    });
  }

  getSerialized(id: number): Buffer {
    const bytes = this.values.get(id);
    if (!bytes) throw new SparkException(`Broadcast(${id}) was destroyed or never existed`);
    return bytes;
  }
}
