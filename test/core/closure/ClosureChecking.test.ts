import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";

/**
 * User functions are shipped as source with their captured values given explicitly: what they may use is
 * checked when they are given to the RDD, and what is accepted must work the same inside a task.
 */
describe("closure checking", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("ClosureChecking"));
  });
  after(() => sc.stop());

  it("a function using a variable it was not given is refused at the call, naming the variable", () => {
    const offset = 3;
    const rdd = sc.parallelize([1, 2], 1);
    assert.throws(() => rdd.map((x) => x + offset), (e: Error) => {
      assert.match(e.message, /^Task not serializable: the function given to map cannot be sent to executors/);
      assert.match(e.message, /uses 'offset', which it was not given/);
      assert.match(e.message, /map\(fn, \{ offset \}\)/, "says how to give it");
      return true;
    });
    const pairs = sc.parallelize([["k", 1]] as [string, number][], 1);
    assert.throws(() => pairs.reduceByKey((x, y) => x + y + offset), /the function given to reduceByKey .*'offset'/);
    assert.throws(() => rdd.sortBy((x) => x + offset), /the function given to sortBy .*'offset'/);
  });

  it("every missing name is listed, and given ones are not", () => {
    const a = 1;
    const b = 2;
    const c = 3;
    assert.throws(() => sc.parallelize([1], 1).filter((x) => x > a + b + c, { b }), /uses 'a', 'c', which/);
  });

  it("names a function defines itself, globals of every realm, and parameters are not free", async () => {
    const out = await sc.parallelize(["3", "1.5"], 1).map((s) => {
      const n = Number.parseFloat(s);
      const { floor } = Math;
      return JSON.stringify([floor(n), new Map([[n, Array.from("ab")]]).size]);
    }).collect();
    assert.deepEqual(out, ["[3,1]", "[1,1]"]);
  });

  it("captured functions, nested captured values and functions inside them work in tasks", async () => {
    const square = (x: number): number => x * x;
    const config = { scale: { by: 10 }, labels: ["zero", "one", "two"], format: (n: number) => `#${n}` };
    const out = await sc.parallelize([1, 2], 2)
      .map((x) => `${config.labels[x]}:${config.format(square(x) * config.scale.by)}`, { square, config })
      .collect();
    assert.deepEqual(out, ["one:#10", "two:#40"]);
  });

  it("a captured function must itself be closed: its own free variables are refused", () => {
    const secret = 42;
    const helper = (x: number): number => x + secret;
    assert.throws(() => sc.parallelize([1], 1).map((x) => helper(x), { helper }),
      /Task not serializable.*captured value 'helper'.*uses 'secret'/);
  });

  it("Map, Set, Date, typed arrays and null-prototype objects are captured as data", async () => {
    const lookup = new Map([["a", 1]]);
    const allowed = new Set(["a"]);
    const epoch = new Date(0);
    const weights = new Float64Array([0.5]);
    const bare = Object.assign(Object.create(null) as Record<string, number>, { k: 2 });
    const out = await sc.parallelize(["a"], 1)
      .map((s) => [lookup.get(s), allowed.has(s), epoch.getTime(), weights[0], bare.k], { lookup, allowed, epoch, weights, bare })
      .collect();
    assert.deepEqual(out, [[1, true, 0, 0.5, 2]]);
  });

  it("a class instance as a captured value is refused, naming its class and where it sits", () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const settings = { origin: new Point(1) };
    assert.throws(() => sc.parallelize([1], 1).map((x) => x + settings.origin.x, { settings }),
      /Task not serializable: map: captured value 'settings'\.origin is an instance of Point; only plain data/);
  });

  it("built-in and bound functions are refused, with how to wrap them", () => {
    assert.throws(() => sc.parallelize([1.5], 1).map(Math.floor), /Task not serializable.*built-in or bound function \(floor\); wrap it: \(x\) => floor\(x\)/);
    const bound = function (this: { k: number }, x: number) { return x + this.k; }.bind({ k: 1 });
    assert.throws(() => sc.parallelize([1], 1).map(bound), /Task not serializable.*built-in or bound function/);
    assert.throws(() => sc.parallelize([1], 1).map((x) => x, { parse: JSON.parse }), /captured value 'parse'.*built-in or bound function/);
  });

  it("a class is refused as a function", () => {
    class Doubler {}
    assert.throws(() => sc.parallelize([1], 1).map(Doubler as unknown as (x: number) => number), /Task not serializable.*it is a class, not a function/);
  });

  it("method shorthand, function expressions and generator functions are shipped", async () => {
    const ops = {
      twice(x: number): number {
        return 2 * x;
      },
      *pair(x: number): Generator<number> {
        yield x;
        yield -x;
      },
    };
    const rdd = sc.parallelize([1, 2], 2);
    assert.deepEqual(await rdd.map(ops.twice).collect(), [2, 4]);
    assert.deepEqual(await rdd.flatMap(ops.pair).collect(), [1, -1, 2, -2]);
    assert.deepEqual(await rdd.map(function (x) { return x + 1; }).collect(), [2, 3]);
  });

  it("something that is not a function is refused with what it was", () => {
    assert.throws(() => sc.parallelize([1], 1).map(42 as unknown as (x: number) => number), /map expects a function, but was given a number/);
  });
});
