import { Command } from "commander";

/** `kindling submit`: runs an application against a cluster, as spark-submit. Not implemented yet. */
export function submitCommand(): Command {
  return new Command("submit")
    .description("Submit an application (app.js or app.ts) to a cluster, as spark-submit. Not implemented yet.")
    .helpOption("--help", "Show this help.")
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      console.error("kindling submit: not implemented yet");
      process.exitCode = 1;
    });
}
