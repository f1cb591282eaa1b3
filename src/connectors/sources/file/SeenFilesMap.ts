import { basename } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The files a file stream source has taken, by path URL (or by name alone with `fileNameOnly`), with their
 * modification times (Spark's SeenFilesMap). Entries more than `maxAgeMs` older than the newest are purged, and a
 * file older than the last purge is never new: so the map stays small and old files are not read late.
 */
export class SeenFilesMap {
  private readonly map = new Map<string, number>();
  private latestTimestamp = 0;
  private lastPurgeTimestamp = 0;

  constructor(private readonly maxAgeMs: number, private readonly fileNameOnly: boolean) {}

  add(url: string, timestamp: number): void {
    this.map.set(this.key(url), timestamp);
    this.latestTimestamp = Math.max(this.latestTimestamp, timestamp);
  }

  /** Compared with the last purge, not the newest file, so that a file older than that but not yet purged is kept. */
  isNewFile(url: string, timestamp: number): boolean {
    return timestamp >= this.lastPurgeTimestamp && !this.map.has(this.key(url));
  }

  /** Forgets files older than the newest by more than the maximum age; returns how many. */
  purge(): number {
    this.lastPurgeTimestamp = this.latestTimestamp - this.maxAgeMs;
    let count = 0;
    for (const [key, timestamp] of this.map) {
      if (timestamp < this.lastPurgeTimestamp) {
        this.map.delete(key);
        count++;
      }
    }
    return count;
  }

  get size(): number {
    return this.map.size;
  }

  private key(url: string): string {
    return this.fileNameOnly ? basename(fileURLToPath(url)) : url;
  }
}
