/** What one task did, with the names of Spark's TaskMetrics as they appear in its REST API. */
export interface TaskMetrics {
  executorDeserializeTime: number;
  executorRunTime: number;
  resultSize: number;
  resultSerializationTime: number;
  memoryBytesSpilled: number;
  diskBytesSpilled: number;
  peakExecutionMemory: number;
  inputMetrics: { bytesRead: number; recordsRead: number };
  outputMetrics: { bytesWritten: number; recordsWritten: number };
  shuffleReadMetrics: {
    remoteBlocksFetched: number;
    localBlocksFetched: number;
    remoteBytesRead: number;
    localBytesRead: number;
    fetchWaitTime: number;
    recordsRead: number;
  };
  shuffleWriteMetrics: { bytesWritten: number; recordsWritten: number; writeTime: number };
}

export function emptyTaskMetrics(): TaskMetrics {
  return {
    executorDeserializeTime: 0,
    executorRunTime: 0,
    resultSize: 0,
    resultSerializationTime: 0,
    memoryBytesSpilled: 0,
    diskBytesSpilled: 0,
    peakExecutionMemory: 0,
    inputMetrics: { bytesRead: 0, recordsRead: 0 },
    outputMetrics: { bytesWritten: 0, recordsWritten: 0 },
    shuffleReadMetrics: { remoteBlocksFetched: 0, localBlocksFetched: 0, remoteBytesRead: 0, localBytesRead: 0, fetchWaitTime: 0, recordsRead: 0 },
    shuffleWriteMetrics: { bytesWritten: 0, recordsWritten: 0, writeTime: 0 },
  };
}
