import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { crc32 } from "node:zlib";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { IllegalStateException } from "../../util/SparkException.js";

/** A key's values and its value, as a store holds them. */
export type StateEntry = readonly [key: readonly unknown[], value: unknown];

/** One change of a version: a put (key and value) or a removal (the key alone). */
export type StateChange = StateEntry | readonly [key: readonly unknown[]];

/** A file of a store's directory: version V's changes (`V.delta`) or its whole content (`V.snapshot`). */
export interface StoreFile {
  readonly version: number;
  readonly snapshot: boolean;
  readonly path: string;
}

/**
 * The files of one store (Spark's HDFSBackedStateStoreProvider layout): each is a header (magic, CRC-32 and
 * length of the payload) and the V8 serialization of its records, so a truncated or damaged file is noticed
 * when read rather than loading part of a version.
 */
const MAGIC = Buffer.from("KSS1");
const HEADER = MAGIC.length + 8;

export function deltaPath(dir: string, version: number): string {
  return join(dir, `${version}.delta`);
}

export function snapshotPath(dir: string, version: number): string {
  return join(dir, `${version}.snapshot`);
}

/** The store's files by version; a snapshot after the delta of its version. Unrelated files are ignored. */
export function listStoreFiles(dir: string): StoreFile[] {
  if (!existsSync(dir)) return [];
  const files: StoreFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = /^(\d+)\.(delta|snapshot)$/.exec(name);
    if (m) files.push({ version: Number(m[1]), snapshot: m[2] === "snapshot", path: join(dir, name) });
  }
  return files.sort((a, b) => a.version - b.version || Number(a.snapshot) - Number(b.snapshot));
}

/** What rebuilds `version`: the latest snapshot at or before it (if any), then every delta after that. */
export function filesForVersion(files: readonly StoreFile[], version: number): StoreFile[] {
  const snapshot = files.filter((f) => f.snapshot && f.version <= version).at(-1);
  const from = snapshot?.version ?? 0;
  const deltas = files.filter((f) => !f.snapshot && f.version > from && f.version <= version);
  return snapshot ? [snapshot, ...deltas] : deltas;
}

/** Writes a file whole or not at all: a retried task writing the same version again replaces it. */
export function writeStoreFile(path: string, dir: string, records: readonly StateChange[]): void {
  mkdirSync(dir, { recursive: true });
  const payload = serialize(records);
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(crc32(payload), MAGIC.length);
  header.writeUInt32BE(payload.length, MAGIC.length + 4);
  writeFileAtomic(path, Buffer.concat([header, payload]));
}

export function readStoreFile(path: string, storeDir: string): StateChange[] {
  const kind = path.endsWith(".snapshot") ? "snapshot" : "delta";
  if (!existsSync(path)) throw new IllegalStateException(`Error reading ${kind} file ${path} of state store ${storeDir}: ${path} does not exist`);
  const data = readFileSync(path);
  const corrupt = (why: string) =>
    new IllegalStateException(`Error reading ${kind} file ${path} of state store ${storeDir}: ${why}. The checkpoint's state is damaged; restore the file or start the query with a new checkpoint location`);
  if (data.length < HEADER || !data.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt("it is not a state store file");
  const length = data.readUInt32BE(MAGIC.length + 4);
  if (data.length - HEADER !== length) throw corrupt(`it holds ${data.length - HEADER} bytes of records where its header says ${length} (truncated)`);
  const payload = data.subarray(HEADER);
  if (crc32(payload) !== data.readUInt32BE(MAGIC.length)) throw corrupt("its checksum does not match its content");
  try {
    return deserialize(payload) as StateChange[];
  } catch (e) {
    throw corrupt((e as Error).message);
  }
}

/** Identifies one write of a file: a rewrite of the same version (a retried task elsewhere) changes it. */
export function fileStamp(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${Math.floor(s.mtimeMs)}`;
  } catch {
    return null;
  }
}

/**
 * Spark's cleanup: the files older than those that rebuild `latest - minVersionsToRetain` go, so that the
 * last versions can still be loaded by a re-run batch.
 */
export function removeOldFiles(files: readonly StoreFile[], latest: number, minVersionsToRetain: number): void {
  const earliest = latest - minVersionsToRetain;
  if (earliest <= 0) return;
  const first = filesForVersion(files, earliest)[0];
  if (!first) return;
  for (const f of files) if (f.version < first.version) rmSync(f.path, { force: true });
}
