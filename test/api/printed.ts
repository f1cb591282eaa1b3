/** What a call prints with console.log, captured (for show(), printSchema(), explain()). */
export function printed(f: () => void): string {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    f();
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}

/** As `printed`, for calls that print once a Promise settles (`await df.show()`). */
export async function printedAsync(f: () => Promise<void> | void): Promise<string> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    await f();
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}
