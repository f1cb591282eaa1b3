/**
 * Registers the streaming sinks (`writeStream.format(name)`): console, memory, and the file formats. The foreach
 * sink has no name to register: `writeStream.foreach(writer)` makes one with `foreachSink`.
 */
import { registerStreamSink } from "../../streaming/StreamingProviders.js";
import { FILE_FORMATS } from "../file/FileFormats.js";
import { ConsoleSinkProvider } from "./ConsoleSink.js";
import { fileStreamSinkProvider } from "./FileStreamSink.js";
import { MemorySinkProvider } from "./MemorySink.js";

registerStreamSink(ConsoleSinkProvider);
registerStreamSink(MemorySinkProvider);
for (const format of Object.keys(FILE_FORMATS)) registerStreamSink(fileStreamSinkProvider(format));
