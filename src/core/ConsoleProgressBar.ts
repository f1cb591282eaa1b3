import type { SparkContext } from "./SparkContext.js";
import type { SparkListener, SparkListenerEvent, StageInfo } from "./scheduler/SparkListenerEvent.js";
import { CONSOLE_PROGRESS_UPDATE_INTERVAL } from "./config.js";

const FIRST_DELAY_MS = 500;
const TOTAL_WIDTH = 80;

interface StageProgress {
  readonly info: StageInfo;
  readonly startedAt: number;
  active: number;
  completed: number;
}

/**
 * Spark's console progress bar: `[Stage 3:=====>   (12 + 2) / 40]` on stderr for stages that have run
 * longer than half a second, redrawn in place and erased when they end.
 */
export class ConsoleProgressBar implements SparkListener {
  private readonly stages = new Map<string, StageProgress>();
  private readonly timer: NodeJS.Timeout;
  private lastLine = "";

  constructor(sc: SparkContext, private readonly out: NodeJS.WritableStream = process.stderr) {
    sc.addSparkListener(this);
    this.timer = setInterval(() => this.refresh(), sc.conf.getEntry(CONSOLE_PROGRESS_UPDATE_INTERVAL));
    this.timer.unref();
  }

  onStageSubmitted(e: Extract<SparkListenerEvent, { event: "SparkListenerStageSubmitted" }>): void {
    this.stages.set(key(e.stageInfo), { info: e.stageInfo, startedAt: Date.now(), active: 0, completed: 0 });
  }

  onStageCompleted(e: Extract<SparkListenerEvent, { event: "SparkListenerStageCompleted" }>): void {
    this.stages.delete(key(e.stageInfo));
    if (this.stages.size === 0) this.clear();
  }

  onTaskStart(e: Extract<SparkListenerEvent, { event: "SparkListenerTaskStart" }>): void {
    const s = this.stages.get(`${e.stageId}.${e.stageAttemptId}`);
    if (s) s.active++;
  }

  onTaskEnd(e: Extract<SparkListenerEvent, { event: "SparkListenerTaskEnd" }>): void {
    const s = this.stages.get(`${e.stageId}.${e.stageAttemptId}`);
    if (!s) return;
    s.active = Math.max(0, s.active - 1);
    if (e.reason.kind === "Success") s.completed++;
  }

  /** The bar for the stages running now, or "" when none has run long enough to show. */
  render(now: number): string {
    const shown = [...this.stages.values()].filter((s) => now - s.startedAt >= FIRST_DELAY_MS).slice(0, 3);
    if (shown.length === 0) return "";
    const width = Math.floor(TOTAL_WIDTH / shown.length);
    return shown.map((s) => {
      const header = `[Stage ${s.info.stageId}:`;
      const tailer = `(${s.completed} + ${s.active}) / ${s.info.numTasks}]`;
      const w = width - header.length - tailer.length;
      if (w <= 0) return header + tailer;
      const done = Math.floor((s.completed * w) / Math.max(1, s.info.numTasks));
      const bar = "=".repeat(done) + (done < w ? ">" + " ".repeat(w - done - 1) : "");
      return header + bar + tailer;
    }).join("");
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private refresh(): void {
    const line = this.render(Date.now());
    if (line === "" || line === this.lastLine) return;
    this.out.write("\r" + line);
    this.lastLine = line;
  }

  private clear(): void {
    if (this.lastLine === "") return;
    this.out.write("\r" + " ".repeat(this.lastLine.length) + "\r");
    this.lastLine = "";
  }
}

function key(info: StageInfo): string {
  return `${info.stageId}.${info.attemptNumber}`;
}
