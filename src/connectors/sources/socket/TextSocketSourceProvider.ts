import type { SessionState } from "../../../exec/QueryExecution.js";
import { AnalysisException } from "../../../expr/AnalysisException.js";
import type { Source, SourceContext, StreamSourceProvider } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { SystemClock, type Clock } from "../../../util/Clock.js";
import { refuseUserSchema } from "../RefuseUserSchema.js";
import { CaseInsensitiveOptions } from "../../../exec/datasource/CaseInsensitiveOptions.js";
import { socketSchema, TextSocketSource, type SocketOptions } from "./TextSocketSource.js";

/** The socket source's options, checked with Spark's messages (TextSocketSourceProvider.checkParameters). */
export function socketOptions(options: Readonly<Record<string, string>>): SocketOptions {
  const o = new CaseInsensitiveOptions(options);
  const host = o.get("host");
  if (host === undefined) throw new AnalysisException("_LEGACY_ERROR_TEMP_1295", `Set a host to read from with option("host", ...).`);
  if (o.get("port") === undefined) throw new AnalysisException("_LEGACY_ERROR_TEMP_1296", `Set a port to read from with option("port", ...).`);
  const port = o.integer("port", 0);
  if (port < 0 || port > 65535) throw o.invalid("port", String(port), "a port number from 0 to 65535");
  let includeTimestamp: boolean;
  try {
    includeTimestamp = o.boolean("includeTimestamp", false);
  } catch {
    throw new AnalysisException("_LEGACY_ERROR_TEMP_1297", `includeTimestamp must be set to either "true" or "false"`);
  }
  return { host, port, includeTimestamp };
}

/**
 * `readStream.format("socket")`: the lines a TCP server sends, for tutorials and debugging only (nothing is
 * kept for recovery). The clock stamps `timestamp` with when a line arrived.
 */
export class TextSocketSourceProvider implements StreamSourceProvider {
  readonly format = "socket";

  constructor(private readonly clock: Clock = new SystemClock()) {}

  sourceSchema(options: Readonly<Record<string, string>>, _paths: readonly string[], userSchema: StructType | undefined, _session: SessionState): StructType {
    refuseUserSchema("TextSocketSourceProvider", userSchema);
    return socketSchema(socketOptions(options).includeTimestamp);
  }

  createSource(ctx: SourceContext): Source {
    return new TextSocketSource(socketOptions(ctx.options), this.clock);
  }
}
