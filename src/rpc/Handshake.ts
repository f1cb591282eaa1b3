import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The bytes a connection starts with, before any frame. The server speaks first with a greeting: magic,
 * protocol version, and whether it authenticates. With a secret (spark.authenticate) the greeting carries a
 * server nonce; the client answers with its own nonce and an HMAC-SHA256 proof over both nonces, and the
 * server, if the proof is right, answers with an "accepted" byte and its own proof, so each side knows the
 * other holds the secret while the secret itself never crosses the wire. Proofs are labelled by role, so one
 * side's proof can never be replayed as the other's, and fresh nonces on both sides make every proof single-use.
 *
 *   server → client   "KNDL" version flags [serverNonce(32) when flags & AUTH]
 *   client → server   clientNonce(32) proof("client")(32)                      (only with AUTH)
 *   server → client   ACCEPTED proof("server")(32)  |  REFUSED, then close      (only with AUTH)
 */
export const MAGIC = Buffer.from("KNDL", "ascii");
export const PROTOCOL_VERSION = 1;
export const GREETING_BYTES = MAGIC.length + 2;
export const AUTH_FLAG = 1;
export const NONCE_BYTES = 32;
export const PROOF_BYTES = 32;
export const ACCEPTED = 1;
export const REFUSED = 0;

/** spark.authenticate's handshake must finish within this long (connecting included, on the client). */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

export function greeting(serverNonce: Buffer | undefined): Buffer {
  const head = Buffer.from([...MAGIC, PROTOCOL_VERSION, serverNonce ? AUTH_FLAG : 0]);
  return serverNonce ? Buffer.concat([head, serverNonce]) : head;
}

export function nonce(): Buffer {
  return randomBytes(NONCE_BYTES);
}

export function proof(secret: string, role: "client" | "server", serverNonce: Buffer, clientNonce: Buffer): Buffer {
  return createHmac("sha256", secret).update(`kindling-rpc-v${PROTOCOL_VERSION} ${role}\0`).update(serverNonce).update(clientNonce).digest();
}

/** Compares in constant time, so the time taken says nothing about how much of a forged proof was right. */
export function proofMatches(expected: Buffer, received: Buffer): boolean {
  return received.length === expected.length && timingSafeEqual(expected, received);
}
