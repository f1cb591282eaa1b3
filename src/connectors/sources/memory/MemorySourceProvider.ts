import type { SessionState } from "../../../exec/QueryExecution.js";
import type { Source, SourceContext, StreamSourceProvider } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { CaseInsensitiveOptions } from "../../../exec/datasource/CaseInsensitiveOptions.js";
import { MemorySource } from "./MemorySource.js";
import { memoryStreamData } from "./MemoryStreamData.js";

/** The source behind `MemoryStream.toDF()`: option `id` names the MemoryStream whose rows it reads. */
export class MemorySourceProvider implements StreamSourceProvider {
  readonly format = "memory";

  sourceSchema(options: Readonly<Record<string, string>>, _paths: readonly string[], _userSchema: StructType | undefined, _session: SessionState): StructType {
    return memoryStreamData(new CaseInsensitiveOptions(options).get("id")).schema;
  }

  createSource(ctx: SourceContext): Source {
    return new MemorySource(memoryStreamData(new CaseInsensitiveOptions(ctx.options).get("id")));
  }
}
