import { deserialize, serialize } from "node:v8";

/**
 * Records on disk and on the wire: chunks of up to CHUNK_RECORDS records, each chunk a 4-byte length followed
 * by the V8 serialization of an array. Chunking amortizes the serializer's per-call cost over many records.
 */
export const CHUNK_RECORDS = 4096;

export function encodeChunk(records: readonly unknown[]): Buffer {
  const body = serializeData(records, "A shuffled or spilled record");
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Encodes records in chunks, handing each chunk to `write`; returns the bytes and records written. */
export function encodeRecords(records: Iterable<unknown>, write: (chunk: Buffer) => void): { bytes: number; records: number } {
  let bytes = 0;
  let count = 0;
  let batch: unknown[] = [];
  for (const r of records) {
    count++;
    batch.push(r);
    if (batch.length === CHUNK_RECORDS) {
      const chunk = encodeChunk(batch);
      write(chunk);
      bytes += chunk.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    const chunk = encodeChunk(batch);
    write(chunk);
    bytes += chunk.length;
  }
  return { bytes, records: count };
}

export function* decodeChunks<T>(buf: Buffer, where: string): IterableIterator<T> {
  let pos = 0;
  while (pos < buf.length) {
    if (pos + 4 > buf.length) throw new Error(`${where}: truncated record chunk header at byte ${pos}`);
    const len = buf.readUInt32LE(pos);
    if (pos + 4 + len > buf.length) throw new Error(`${where}: truncated record chunk at byte ${pos} (needs ${len} bytes)`);
    const records = deserialize(buf.subarray(pos + 4, pos + 4 + len)) as T[];
    pos += 4 + len;
    yield* records;
  }
}

/** V8-serializes records, saying what could not be and what would be right when one holds a function or symbol. */
export function serializeData(value: unknown, what: string): Buffer {
  try {
    return serialize(value);
  } catch (e) {
    throw new Error(`${what} cannot be serialized: ${(e as Error).message} Records must be plain data (objects, arrays, ` +
      "Map, Set, Date, typed arrays); turn functions and symbols into data first", { cause: e });
  }
}
