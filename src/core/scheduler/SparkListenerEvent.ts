import type { TaskMetrics } from "./TaskMetrics.js";
import type { TaskEndReason } from "./TaskEndReason.js";

/** What the UI and progress reporting know of a stage attempt, as Spark's StageInfo. */
export interface StageInfo {
  readonly stageId: number;
  readonly attemptNumber: number;
  readonly name: string;
  readonly numTasks: number;
  readonly parentIds: readonly number[];
  readonly details: string;
  readonly rddInfos: readonly { id: number; name: string; numPartitions: number; storageLevel: string }[];
  submissionTime?: number;
  completionTime?: number;
  failureReason?: string;
}

export interface TaskInfo {
  readonly taskId: number;
  readonly index: number;
  readonly attemptNumber: number;
  readonly partitionId: number;
  readonly launchTime: number;
  readonly executorId: string;
  readonly host: string;
  readonly taskLocality: string;
  readonly speculative: boolean;
  finishTime: number;
  failed: boolean;
  killed: boolean;
}

export interface ExecutorInfo {
  readonly executorHost: string;
  readonly totalCores: number;
  readonly logUrls: Readonly<Record<string, string>>;
}

/** Events of the listener bus, named and shaped as Spark's (the `Event` field of its event log). */
export type SparkListenerEvent =
  | { readonly event: "SparkListenerApplicationStart"; readonly appName: string; readonly appId: string; readonly time: number; readonly sparkUser: string }
  | { readonly event: "SparkListenerApplicationEnd"; readonly time: number }
  | { readonly event: "SparkListenerJobStart"; readonly jobId: number; readonly time: number; readonly stageInfos: readonly StageInfo[]; readonly properties: Readonly<Record<string, string>> }
  | { readonly event: "SparkListenerJobEnd"; readonly jobId: number; readonly time: number; readonly jobResult: { readonly result: "JobSucceeded" } | { readonly result: "JobFailed"; readonly exception: string } }
  | { readonly event: "SparkListenerStageSubmitted"; readonly stageInfo: StageInfo; readonly properties: Readonly<Record<string, string>> }
  | { readonly event: "SparkListenerStageCompleted"; readonly stageInfo: StageInfo }
  | { readonly event: "SparkListenerTaskStart"; readonly stageId: number; readonly stageAttemptId: number; readonly taskInfo: TaskInfo }
  | { readonly event: "SparkListenerTaskEnd"; readonly stageId: number; readonly stageAttemptId: number; readonly taskType: "ResultTask" | "ShuffleMapTask"; readonly reason: TaskEndReason; readonly taskInfo: TaskInfo; readonly taskMetrics: TaskMetrics | undefined }
  | { readonly event: "SparkListenerExecutorAdded"; readonly time: number; readonly executorId: string; readonly executorInfo: ExecutorInfo }
  | { readonly event: "SparkListenerExecutorRemoved"; readonly time: number; readonly executorId: string; readonly reason: string }
  | { readonly event: "SparkListenerExecutorMetricsUpdate"; readonly executorId: string; readonly accumUpdates: readonly [taskId: number, stageId: number, stageAttemptId: number, updates: readonly [number, unknown][]][] }
  | { readonly event: "SparkListenerUnpersistRDD"; readonly rddId: number }
  | { readonly event: string; readonly [field: string]: unknown };

type EventOf<N extends string> = Extract<SparkListenerEvent, { readonly event: N }>;

/** Receives bus events; implement only what you need. Other layers' events (streaming) arrive in onOtherEvent. */
export interface SparkListener {
  onApplicationStart?(e: EventOf<"SparkListenerApplicationStart">): void;
  onApplicationEnd?(e: EventOf<"SparkListenerApplicationEnd">): void;
  onJobStart?(e: EventOf<"SparkListenerJobStart">): void;
  onJobEnd?(e: EventOf<"SparkListenerJobEnd">): void;
  onStageSubmitted?(e: EventOf<"SparkListenerStageSubmitted">): void;
  onStageCompleted?(e: EventOf<"SparkListenerStageCompleted">): void;
  onTaskStart?(e: EventOf<"SparkListenerTaskStart">): void;
  onTaskEnd?(e: EventOf<"SparkListenerTaskEnd">): void;
  onExecutorAdded?(e: EventOf<"SparkListenerExecutorAdded">): void;
  onExecutorRemoved?(e: EventOf<"SparkListenerExecutorRemoved">): void;
  onExecutorMetricsUpdate?(e: EventOf<"SparkListenerExecutorMetricsUpdate">): void;
  onUnpersistRDD?(e: EventOf<"SparkListenerUnpersistRDD">): void;
  onOtherEvent?(e: SparkListenerEvent): void;
}

export const LISTENER_METHODS: Readonly<Record<string, keyof SparkListener>> = {
  SparkListenerApplicationStart: "onApplicationStart",
  SparkListenerApplicationEnd: "onApplicationEnd",
  SparkListenerJobStart: "onJobStart",
  SparkListenerJobEnd: "onJobEnd",
  SparkListenerStageSubmitted: "onStageSubmitted",
  SparkListenerStageCompleted: "onStageCompleted",
  SparkListenerTaskStart: "onTaskStart",
  SparkListenerTaskEnd: "onTaskEnd",
  SparkListenerExecutorAdded: "onExecutorAdded",
  SparkListenerExecutorRemoved: "onExecutorRemoved",
  SparkListenerExecutorMetricsUpdate: "onExecutorMetricsUpdate",
  SparkListenerUnpersistRDD: "onUnpersistRDD",
};
