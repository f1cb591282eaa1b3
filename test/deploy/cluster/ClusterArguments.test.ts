import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { SparkConf, SparkContext, SparkException } from "../../../src/index.js";
import { parseExecutorArguments } from "../../../src/executor/ExecutorArguments.js";

/** Master URLs, settings and executor command lines that cannot work are refused up front, saying why. */
describe("cluster master URLs and settings", () => {
  afterEach(async () => {
    await SparkContext.getActive()?.stop();
  });

  const create = (master: string, settings: Record<string, string> = {}) => () =>
    new SparkContext(new SparkConf(Object.entries(settings)).setMaster(master).setAppName("ClusterArguments"));

  for (const master of ["local-cluster[2,1]", "local-cluster[a,1,512]", "local-cluster"]) {
    it(`'${master}' is refused, showing the form local-cluster[W,C,M]`, () => {
      assert.throws(create(master), (e: Error) => e instanceof SparkException && e.message.startsWith(`Could not parse Master URL: '${master}'`) && e.message.includes("local-cluster[W,C,M]"));
    });
  }

  it("local-cluster with no worker or no core is refused", () => {
    assert.throws(create("local-cluster[0,1,512]", { "spark.executor.memory": "512m" }), /needs at least one worker of at least one core/);
    assert.throws(create("local-cluster[1,0,512]", { "spark.executor.memory": "512m" }), /needs at least one worker of at least one core/);
  });

  it("an executor bigger than a local-cluster worker is refused with Spark's message, leaving no directory behind", () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith("kindling-local-cluster-")).length;
    assert.throws(create("local-cluster[2,1,512]"), (e: Error) => e instanceof SparkException && e.message === "Asked to launch cluster with 512 MiB/worker but requested 1024 MiB/executor");
    assert.equal(readdirSync(tmpdir()).filter((f) => f.startsWith("kindling-local-cluster-")).length, before);
  });

  for (const master of ["spark://", "spark://host", "spark://host:99999", "spark://h1:7077,"]) {
    it(`'${master}' is refused, naming the form spark://host:port`, () => {
      assert.throws(create(master), (e: Error) => e.message.startsWith(`Invalid master URL '${master}': expected spark://host:port`));
    });
  }

  it("spark.network.timeout must exceed spark.executor.heartbeatInterval", () => {
    assert.throws(create("spark://127.0.0.1:7077", { "spark.network.timeout": "5s", "spark.executor.heartbeatInterval": "10s" }),
      (e: Error) => e.message === "The value of spark.network.timeout=5000ms must be greater than the value of spark.executor.heartbeatInterval=10000ms.");
  });

  it("spark.authenticate without a secret is refused when the first job runs", async () => {
    const sc = create("spark://127.0.0.1:7077", { "spark.authenticate": "true" })();
    await assert.rejects(sc.parallelize([1]).collect(), /A secret key must be specified via the spark.authenticate.secret config when spark.authenticate is true/);
  });
});

describe("the executor's command line", () => {
  const good = ["--driver-url", "127.0.0.1:7078", "--executor-id", "3", "--app-id", "app-1", "--hostname", "127.0.0.1", "--cores", "2", "--memory-mb", "512", "--work-dir", "/tmp/x"];

  it("parses every argument, the worker's address optional", () => {
    assert.deepEqual(parseExecutorArguments([...good, "--worker-url", "[::1]:4040"]), {
      driverUrl: { host: "127.0.0.1", port: 7078 }, executorId: "3", appId: "app-1", hostname: "127.0.0.1", cores: 2, memoryMb: 512, workDir: "/tmp/x",
      workerUrl: { host: "::1", port: 4040 },
    });
    assert.equal(parseExecutorArguments(good).workerUrl, undefined);
  });

  it("refuses a missing, unknown or malformed argument, naming it and showing the usage", () => {
    assert.throws(() => parseExecutorArguments(good.slice(2)), /Executor argument --driver-url is missing\. Usage: CoarseGrainedExecutorBackend/);
    assert.throws(() => parseExecutorArguments([...good, "--colour", "red"]), /Unknown executor argument '--colour'/);
    assert.throws(() => parseExecutorArguments([...good, "--worker-url"]), /Executor argument --worker-url needs a value/);
    assert.throws(() => parseExecutorArguments(good.map((a) => (a === "2" ? "two" : a))), /--cores should be a positive integer, but was 'two'/);
    assert.throws(() => parseExecutorArguments(good.map((a) => (a === "127.0.0.1:7078" ? "driver" : a))), /Invalid --driver-url 'driver'/);
  });
});
