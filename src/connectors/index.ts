/**
 * Loads every connector so each registers itself (file formats with the SQL engine's data source registry).
 * The package root imports this module; add a connector's registration here.
 */
import { registerDataSource } from "../exec/datasource/DataSource.js";
import { FILE_FORMATS } from "./file/FileFormats.js";
import { FileSourceProvider } from "./file/FileSourceProvider.js";
import "./sinks/index.js";
import "./sources/index.js";

for (const format of Object.values(FILE_FORMATS)) registerDataSource(new FileSourceProvider(format));
