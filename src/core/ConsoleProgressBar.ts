import type { SparkContext } from "./SparkContext.js";
import type { SparkListener, SparkListenerEvent } from "./scheduler/SparkListenerEvent.js";
import type { Clock } from "../util/Clock.js";
import { SystemClock } from "../util/Clock.js";
import { CONSOLE_PROGRESS_UPDATE_INTERVAL } from "./config.js";

/** A stage younger than this is not shown, nor anything just after a job ended: short jobs stay quiet. */
const FIRST_DELAY_MS = 500;
/** An unchanged bar is written again after this long, so an idle ssh session is not dropped. */
const REDRAW_UNCHANGED_MS = 60_000;
const MAX_STAGES_SHOWN = 3;
const CR = "\r";

/** What the bar knows of one running stage attempt, as Spark's status store gives it. */
export interface StageProgress {
  readonly stageId: number;
  readonly numTasks: number;
  readonly submissionTime: number;
  numActiveTasks: number;
  numCompleteTasks: number;
}

/**
 * Spark's progress line, e.g. `[Stage 3:=====>   (12 + 2) / 40]`, for the first three stages (by id) that were
 * submitted more than half a second before `now`, sharing the terminal's width; "" when there is none.
 */
export function renderProgressBar(stages: Iterable<StageProgress>, now: number, terminalWidth: number): string {
  const shown = [...stages]
    .filter((s) => now - s.submissionTime > FIRST_DELAY_MS)
    .sort((a, b) => a.stageId - b.stageId)
    .slice(0, MAX_STAGES_SHOWN);
  if (shown.length === 0) return "";
  const width = Math.floor(terminalWidth / shown.length);
  return shown.map((s) => {
    const header = `[Stage ${s.stageId}:`;
    const tailer = `(${s.numCompleteTasks} + ${s.numActiveTasks}) / ${s.numTasks}]`;
    const w = width - header.length - tailer.length;
    if (w <= 0) return header + tailer;
    const done = Math.min(w, Math.floor((w * s.numCompleteTasks) / Math.max(1, s.numTasks)));
    return header + "=".repeat(done) + (done < w ? ">" + " ".repeat(w - done - 1) : "") + tailer;
  }).join("");
}

/** Spark's terminal width: $COLUMNS when set, else 80. */
export function terminalWidth(env: NodeJS.ProcessEnv = process.env): number {
  const columns = Number.parseInt(env.COLUMNS ?? "", 10);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

export interface ConsoleProgressBarOptions {
  readonly out?: Pick<NodeJS.WritableStream, "write">;
  readonly clock?: Clock;
  readonly terminalWidth?: number;
}

/**
 * Spark's console progress bar on stderr: follows stages from the listener bus, redraws in place every
 * `spark.ui.consoleProgress.update.interval`, and is erased when a job ends so the job's own output starts on
 * a clean line. SparkContext makes one when `spark.ui.showConsoleProgress` is true, or unset and stderr is a
 * terminal.
 */
export class ConsoleProgressBar implements SparkListener {
  private readonly stages = new Map<string, StageProgress>();
  private readonly out: Pick<NodeJS.WritableStream, "write">;
  private readonly clock: Clock;
  private readonly width: number;
  private readonly timer: NodeJS.Timeout;
  private lastProgressBar = "";
  private lastUpdateTime = 0;
  private lastFinishTime = 0;

  constructor(sc: Pick<SparkContext, "addSparkListener" | "conf">, options: ConsoleProgressBarOptions = {}) {
    this.out = options.out ?? process.stderr;
    this.clock = options.clock ?? new SystemClock();
    this.width = options.terminalWidth ?? terminalWidth();
    sc.addSparkListener(this);
    this.timer = setInterval(() => this.refresh(), sc.conf.getEntry(CONSOLE_PROGRESS_UPDATE_INTERVAL));
    this.timer.unref();
  }

  onStageSubmitted({ stageInfo: s }: Extract<SparkListenerEvent, { event: "SparkListenerStageSubmitted" }>): void {
    this.stages.set(`${s.stageId}.${s.attemptNumber}`, {
      stageId: s.stageId,
      numTasks: s.numTasks,
      submissionTime: s.submissionTime ?? this.clock.getTimeMillis(),
      numActiveTasks: 0,
      numCompleteTasks: 0,
    });
  }

  onStageCompleted({ stageInfo: s }: Extract<SparkListenerEvent, { event: "SparkListenerStageCompleted" }>): void {
    this.stages.delete(`${s.stageId}.${s.attemptNumber}`);
  }

  onTaskStart(e: Extract<SparkListenerEvent, { event: "SparkListenerTaskStart" }>): void {
    const s = this.stages.get(`${e.stageId}.${e.stageAttemptId}`);
    if (s) s.numActiveTasks++;
  }

  onTaskEnd(e: Extract<SparkListenerEvent, { event: "SparkListenerTaskEnd" }>): void {
    const s = this.stages.get(`${e.stageId}.${e.stageAttemptId}`);
    if (!s) return;
    s.numActiveTasks = Math.max(0, s.numActiveTasks - 1);
    if (e.reason.kind === "Success") s.numCompleteTasks++;
  }

  /** Spark's finishAll: the job is done, so its bar goes and nothing is drawn for the next half second. */
  onJobEnd(): void {
    this.clear();
    this.lastFinishTime = this.clock.getTimeMillis();
  }

  /** Draws the bar if it changed (or has not been drawn for a minute); the timer calls this. */
  refresh(): void {
    const now = this.clock.getTimeMillis();
    if (now - this.lastFinishTime < FIRST_DELAY_MS) return;
    const bar = renderProgressBar(this.stages.values(), now, this.width);
    if (bar === "") return;
    if (bar !== this.lastProgressBar || now - this.lastUpdateTime > REDRAW_UNCHANGED_MS) {
      this.out.write(CR + bar + CR);
      this.lastUpdateTime = now;
    }
    this.lastProgressBar = bar;
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private clear(): void {
    if (this.lastProgressBar === "") return;
    this.out.write(CR + " ".repeat(this.width) + CR);
    this.lastProgressBar = "";
  }
}
