import { test } from "node:test";
import assert from "node:assert/strict";
import { hostPort, parseHostPort, parseSparkURL, toSparkURL } from "../../src/rpc/RpcAddress.js";

test("host:port round-trips, IPv6 hosts in brackets", () => {
  assert.equal(hostPort({ host: "10.0.0.1", port: 7077 }), "10.0.0.1:7077");
  assert.equal(hostPort({ host: "::1", port: 7077 }), "[::1]:7077");
  assert.deepEqual(parseHostPort("node-1.example:7078"), { host: "node-1.example", port: 7078 });
  assert.deepEqual(parseHostPort("[::1]:7077"), { host: "::1", port: 7077 });
});

test("bad host:port is refused with the expected form", () => {
  for (const bad of ["host", "host:", ":7077", "host:0", "host:65536", "host:port", "a:b:7077"]) {
    assert.throws(() => parseHostPort(bad, "--driver-url"), new RegExp(`Invalid --driver-url '${bad}': expected host:port with a port from 1 to 65535`));
  }
});

test("spark:// master URLs, several masters comma-separated", () => {
  assert.equal(toSparkURL({ host: "m", port: 7077 }), "spark://m:7077");
  assert.deepEqual(parseSparkURL("spark://m1:7077,m2:7078"), [{ host: "m1", port: 7077 }, { host: "m2", port: 7078 }]);
  for (const bad of ["m1:7077", "spark://m1", "spark://m1:7077,", "spark://m1:7077,m2"]) {
    assert.throws(() => parseSparkURL(bad), new RegExp(`Invalid master URL '${bad.replace(/[/.]/g, "\\$&")}': expected spark://host:port\\[,host2:port2\\.\\.\\.\\] with ports from 1 to 65535`));
  }
});
