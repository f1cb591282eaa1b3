/**
 * Registers the streaming sources (`readStream.format(..)`): rate, rate-micro-batch, socket, the file formats,
 * and memory (MemoryStream). The rate sources also register their batch side, which scans the rows they plan.
 */
import { registerDataSource } from "../../exec/datasource/DataSource.js";
import { registerStreamSource } from "../../streaming/StreamingProviders.js";
import { FILE_FORMATS } from "../file/FileFormats.js";
import { FileStreamSourceProvider } from "./file/FileStreamSourceProvider.js";
import { MemorySourceProvider } from "./memory/MemorySourceProvider.js";
import { RatePerMicroBatchProvider } from "./rate/RatePerMicroBatchProvider.js";
import { RateRowsProvider } from "./rate/RateRows.js";
import { RateStreamProvider } from "./rate/RateStreamProvider.js";
import { TextSocketSourceProvider } from "./socket/TextSocketSourceProvider.js";

for (const provider of [new RateStreamProvider(), new RatePerMicroBatchProvider()]) {
  registerStreamSource(provider);
  registerDataSource(new RateRowsProvider(provider.format));
}
registerStreamSource(new TextSocketSourceProvider());
registerStreamSource(new MemorySourceProvider());
for (const format of Object.values(FILE_FORMATS)) registerStreamSource(new FileStreamSourceProvider(format));
