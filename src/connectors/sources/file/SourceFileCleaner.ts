import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, parse, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { localPath } from "../../file/FileListing.js";
import { IllegalArgumentException } from "../../../util/SparkException.js";
import type { FileEntry } from "./FileStreamSourceLog.js";
import type { FileStreamOptions } from "./FileStreamOptions.js";

/**
 * `cleanSource`: what happens to a file once a batch that read it is committed (Spark's FileStreamSourceCleaner).
 * `delete` removes it; `archive` moves it under `sourceArchiveDir` at its own absolute path
 * (`/src/a.csv` → `<archive>/src/a.csv`). A file that cannot be cleaned is left with a warning, never failing the query.
 */
export interface SourceFileCleaner {
  clean(entry: FileEntry): void;
}

/** The cleaner `cleanSource` asks for, or undefined for `off`; an archive directory the source could list is refused. */
export function sourceFileCleaner(options: FileStreamOptions, sourcePath: string): SourceFileCleaner | undefined {
  switch (options.cleanSource) {
    case "OFF":
      return undefined;
    case "DELETE":
      return { clean: (entry) => attempt("remove", entry, (file) => rmSync(file)) };
    case "ARCHIVE": {
      const archive = localPath(options.sourceArchiveDir!);
      checkArchiveDir(archive, localPath(sourcePath));
      return {
        clean: (entry) => attempt("move", entry, (file) => {
          const target = join(archive, file.slice(parse(file).root.length));
          mkdirSync(dirname(target), { recursive: true });
          renameSync(file, target);
        }),
      };
    }
  }
}

function attempt(verb: string, entry: FileEntry, action: (file: string) => void): void {
  const file = fileURLToPath(entry.path);
  try {
    action(file);
  } catch (e) {
    console.warn(`Fail to ${verb} ${file} / skip ${verb === "move" ? "moving" : "removing"} file: ${(e as Error).message}`);
  }
}

/**
 * Spark's check that archived files can never match the source path: compared over the shorter of the two
 * paths' depths, the archive directory must differ from the source pattern in some component.
 */
function checkArchiveDir(archive: string, source: string): void {
  const archiveParts = archive.split(sep).filter((p) => p !== "");
  const sourceParts = source.split(sep).filter((p) => p !== "");
  const depth = Math.min(archiveParts.length, sourceParts.length);
  const matches = archiveParts.slice(0, depth).every((part, i) => globComponent(sourceParts[i]!).test(part));
  if (matches) {
    throw new IllegalArgumentException(
      `Base archive path cannot be set to the path where archived path can possibly match with source pattern. Ensure the base archive path doesn't match with source pattern in depth, where the depth is minimum of depth on both paths. (source path: ${source}, sourceArchiveDir: ${archive})`,
    );
  }
}

function globComponent(pattern: string): RegExp {
  return new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
}
