/** The names the standalone cluster's endpoints are set up under, on each process's RpcEnv. */
export const MASTER_ENDPOINT_NAME = "Master";
export const WORKER_ENDPOINT_NAME = "Worker";
/** The driver's endpoint that talks to the master (Spark's StandaloneAppClient). */
export const APP_CLIENT_ENDPOINT_NAME = "AppClient";
