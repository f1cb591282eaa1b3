import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameDecoder, FrameError, frameHeader } from "../../src/rpc/FrameDecoder.js";

function frame(body: string): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([frameHeader(bytes.length), bytes]);
}

function drain(decoder: FrameDecoder): string[] {
  const out: string[] = [];
  for (let body = decoder.nextFrame(); body !== undefined; body = decoder.nextFrame()) out.push(body.toString());
  return out;
}

test("frames come out whole however the bytes are cut", () => {
  const bytes = Buffer.concat([frame("one"), frame("two"), frame("three")]);
  for (const step of [1, 2, 3, 5, 7, bytes.length]) {
    const decoder = new FrameDecoder(1024);
    const seen: string[] = [];
    for (let i = 0; i < bytes.length; i += step) {
      decoder.push(bytes.subarray(i, i + step));
      seen.push(...drain(decoder));
    }
    assert.deepEqual(seen, ["one", "two", "three"], `cut every ${step} bytes`);
  }
});

test("a length over the limit is refused from the header alone; a length of 0 is refused", () => {
  const decoder = new FrameDecoder(10);
  decoder.push(frameHeader(11));
  assert.throws(() => decoder.nextFrame(), (e: Error) => e instanceof FrameError && e.message === "frame of 11 bytes exceeds spark.rpc.message.maxSize (10 bytes)");
  const empty = new FrameDecoder(10);
  empty.push(frameHeader(0));
  assert.throws(() => empty.nextFrame(), /frame of length 0/);
});

test("a body is a copy of its own, so views V8 makes of it cannot alias later bytes", () => {
  const decoder = new FrameDecoder(1024);
  const wire = Buffer.concat([frame("abc"), frame("def")]);
  decoder.push(wire);
  const first = decoder.nextFrame()!;
  assert.equal(first.buffer.byteLength, 3, "not a slice of the chunk it arrived in");
  first.fill(0);
  assert.equal(decoder.nextFrame()!.toString(), "def");
  assert.equal(wire.subarray(4, 7).toString(), "abc");
});

test("handshake records are read by size before frames", () => {
  const decoder = new FrameDecoder(1024);
  decoder.push(Buffer.from("KN"));
  assert.equal(decoder.take(4), undefined);
  decoder.push(Buffer.concat([Buffer.from("DL"), frame("x")]));
  assert.equal(decoder.take(4)!.toString(), "KNDL");
  assert.deepEqual(drain(decoder), ["x"]);
});
