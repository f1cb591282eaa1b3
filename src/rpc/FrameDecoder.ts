/**
 * Bytes as they arrive from a socket, cut into frames: a 4-byte big-endian length, then that many bytes of
 * body (Spark's TransportFrameDecoder). The length is checked as soon as its 4 bytes are in, so an oversized
 * frame is refused before its body is buffered. It also hands out fixed-size records for the handshake that
 * precedes the frames.
 */
export const FRAME_HEADER_BYTES = 4;

/** A frame that cannot be read: the connection it came on must be closed. */
export class FrameError extends Error {}

export class FrameDecoder {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next `n` bytes, or undefined until that many have arrived. The result is a copy in memory of its
   * own: typed arrays that v8.deserialize makes from it are views of its buffer, and must not alias bytes
   * that are reused.
   */
  take(n: number): Buffer | undefined {
    if (this.buffered < n) return undefined;
    const out = Buffer.allocUnsafeSlow(n);
    this.consume(n, out);
    return out;
  }

  /** The next frame's body, or undefined until it is complete; a FrameError if its length is refused. */
  nextFrame(): Buffer | undefined {
    if (this.buffered < FRAME_HEADER_BYTES) return undefined;
    const length = this.peekLength();
    if (length === 0) throw new FrameError("frame of length 0 (a frame carries at least one byte of body)");
    if (length > this.maxFrameBytes) {
      throw new FrameError(`frame of ${length} bytes exceeds spark.rpc.message.maxSize (${this.maxFrameBytes} bytes)`);
    }
    if (this.buffered < FRAME_HEADER_BYTES + length) return undefined;
    this.consume(FRAME_HEADER_BYTES, undefined);
    return this.take(length);
  }

  /** Drops the next `n` buffered bytes, copying them into `out` when given. */
  private consume(n: number, out: Buffer | undefined): void {
    let done = 0;
    while (done < n) {
      const head = this.chunks[0]!;
      const used = Math.min(head.length, n - done);
      out?.set(head.subarray(0, used), done);
      done += used;
      if (used === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(used);
    }
    this.buffered -= n;
  }

  private peekLength(): number {
    const head = this.chunks[0]!;
    if (head.length >= FRAME_HEADER_BYTES) return head.readUInt32BE(0);
    const bytes = Buffer.alloc(FRAME_HEADER_BYTES);
    let filled = 0;
    for (const chunk of this.chunks) {
      filled += chunk.copy(bytes, filled, 0, Math.min(chunk.length, FRAME_HEADER_BYTES - filled));
      if (filled === FRAME_HEADER_BYTES) break;
    }
    return bytes.readUInt32BE(0);
  }
}

/** The 4-byte length that goes before a body on the wire. */
export function frameHeader(bodyLength: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32BE(bodyLength, 0);
  return header;
}
