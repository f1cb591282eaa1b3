import type { ApplicationDescription, RpcAddress } from "../../rpc/Messages.js";

/**
 * The RPC layer checks a message's fields by kind only; these check the insides of the nested values the master
 * keeps and computes with, so that a malformed registration is refused with a reason instead of turning into
 * NaN cores in the scheduler. Each returns what is wrong, or undefined.
 */
export function checkRpcAddress(value: unknown, what: string): string | undefined {
  const a = value as Partial<RpcAddress> | null;
  if (typeof a !== "object" || a === null) return `${what} is not an address`;
  if (typeof a.host !== "string" || a.host === "") return `${what}.host is not a host name`;
  if (!Number.isInteger(a.port) || a.port! < 1 || a.port! > 65535) return `${what}.port is not a port from 1 to 65535`;
  return undefined;
}

function positiveIntOrNull(value: unknown): boolean {
  return value === null || (Number.isInteger(value) && (value as number) >= 1);
}

export function checkApplicationDescription(value: unknown): string | undefined {
  const d = value as Partial<ApplicationDescription> | null;
  if (typeof d !== "object" || d === null) return "the application description is not an object";
  if (typeof d.name !== "string") return "appDesc.name is not a string";
  if (!positiveIntOrNull(d.maxCores)) return `appDesc.maxCores must be null or an integer >= 1, got ${String(d.maxCores)}`;
  if (!positiveIntOrNull(d.coresPerExecutor)) return `appDesc.coresPerExecutor must be null or an integer >= 1, got ${String(d.coresPerExecutor)}`;
  if (!Number.isInteger(d.memoryPerExecutorMB) || d.memoryPerExecutorMB! < 1) return `appDesc.memoryPerExecutorMB must be an integer >= 1, got ${String(d.memoryPerExecutorMB)}`;
  const driverUrl = checkRpcAddress(d.driverUrl, "appDesc.driverUrl");
  if (driverUrl) return driverUrl;
  if (!Array.isArray(d.files) || !d.files.every((f) => typeof f === "string")) return "appDesc.files is not a list of strings";
  if (typeof d.conf !== "object" || d.conf === null || Array.isArray(d.conf) || !Object.values(d.conf).every((v) => typeof v === "string")) {
    return "appDesc.conf is not an object of string values";
  }
  return undefined;
}
