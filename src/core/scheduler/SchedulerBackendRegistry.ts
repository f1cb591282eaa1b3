import type { SchedulerBackendFactory } from "./SchedulerBackend.js";
import { IllegalArgumentException } from "../../util/SparkException.js";

const factories: SchedulerBackendFactory[] = [];

/** deploy/ registers how to run tasks for each kind of master URL; core knows none of them itself. */
export function registerSchedulerBackend(factory: SchedulerBackendFactory): void {
  factories.push(factory);
}

export function schedulerBackendFactoryFor(master: string): SchedulerBackendFactory {
  const factory = factories.find((f) => f.canCreate(master));
  if (!factory) {
    const known = factories.map((f) => f.description).join(", ") || "none registered: import the package root, 'kindling'";
    throw new IllegalArgumentException(`Could not parse Master URL: '${master}'. Use one of: ${known}`);
  }
  return factory;
}
