/** The environment for running the workspace's tools in a fresh clone: root's binaries on PATH, no telemetry, CI. */
export declare function cloneEnv(root: string): NodeJS.ProcessEnv;
