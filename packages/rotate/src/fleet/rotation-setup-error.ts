/** A problem found before anything is sent: a missing credential variable, no verifier, an unknown --only name. */
export class RotationSetupError extends Error {
  override name = 'RotationSetupError';
}
