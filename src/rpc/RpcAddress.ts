import { IllegalArgumentException } from "../util/SparkException.js";
import type { RpcAddress } from "./Messages.js";

/** `host:port` as errors and logs print an address; an IPv6 host is bracketed, `[::1]:7077`. */
export function hostPort(address: RpcAddress): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** `host:port` (or `[ipv6]:port`) as given on a command line, e.g. an executor's `--driver-url`. */
export function parseHostPort(text: string, what = "address"): RpcAddress {
  const address = hostPortOrUndefined(text);
  if (!address) throw new IllegalArgumentException(`Invalid ${what} '${text}': expected host:port with a port from 1 to 65535, e.g. 127.0.0.1:7077`);
  return address;
}

function hostPortOrUndefined(text: string): RpcAddress | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  return m && port >= 1 && port <= 65535 ? { host: (m[1] ?? m[2])!, port } : undefined;
}

/** The master URL of an address, as Spark prints it: `spark://host:port`. */
export function toSparkURL(address: RpcAddress): string {
  return `spark://${hostPort(address)}`;
}

/** The masters of a `spark://host:port[,host2:port2...]` URL (several masters for recovery), in order. */
export function parseSparkURL(url: string): RpcAddress[] {
  const addresses = url.startsWith("spark://") ? url.slice("spark://".length).split(",").map(hostPortOrUndefined) : [undefined];
  if (addresses.includes(undefined)) {
    throw new IllegalArgumentException(`Invalid master URL '${url}': expected spark://host:port[,host2:port2...] with ports from 1 to 65535`);
  }
  return addresses as RpcAddress[];
}
