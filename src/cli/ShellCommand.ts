import { Command } from "commander";

/** `kindling shell`: a REPL with `spark` and `sc` ready, as spark-shell. Not implemented yet. */
export function shellCommand(): Command {
  return new Command("shell")
    .description("A REPL with spark and sc ready, as spark-shell. Not implemented yet.")
    .helpOption("--help", "Show this help.")
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      console.error("kindling shell: not implemented yet");
      process.exitCode = 1;
    });
}
