// The hand-written part of @dbpass/client-taurusdb; the generated index re-exports it.
export {
  changeDatabaseUserPasswordsAndWait,
  type DatabaseUserPasswordClient,
  type JobDurationEstimate,
  type JobInfo,
  type JobQueryClient,
  type WaitForJobOptions,
  waitForJob,
} from './wait-for-job.js';
