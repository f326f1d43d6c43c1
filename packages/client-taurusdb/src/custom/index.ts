// The hand-written part of @dbpass/client-taurusdb; the generated index re-exports it.
export { changeDatabaseUserPasswordsAndWait, waitForJob, type DatabaseUserPasswordClient, type JobInfo, type JobQueryClient, type WaitForJobOptions } from './wait-for-job.js';
