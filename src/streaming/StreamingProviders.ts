import { AnalysisException } from "../expr/AnalysisException.js";
import type { StreamSinkProvider } from "./Sink.js";
import type { StreamSourceProvider } from "./Source.js";

/** The streaming formats connectors/ register, by lower-case name. */
const sources = new Map<string, StreamSourceProvider>();
const sinks = new Map<string, StreamSinkProvider>();

export function registerStreamSource(provider: StreamSourceProvider): void {
  sources.set(provider.format.toLowerCase(), provider);
}

export function registerStreamSink(provider: StreamSinkProvider): void {
  sinks.set(provider.format.toLowerCase(), provider);
}

export function streamSourceFor(format: string): StreamSourceProvider {
  return lookup(sources, format, "source");
}

export function streamSinkFor(format: string): StreamSinkProvider {
  return lookup(sinks, format, "sink");
}

function lookup<P>(registry: Map<string, P>, format: string, what: string): P {
  const provider = registry.get(format.toLowerCase());
  if (provider) return provider;
  const known = [...registry.keys()].sort().join(", ") || "none";
  throw new AnalysisException("DATA_SOURCE_NOT_FOUND", `Failed to find the streaming ${what} data source: ${format}. Known streaming ${what}s: ${known}.`);
}
