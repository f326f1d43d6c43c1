/*
 * TaurusDB rejects dictionary passwords on the root reset (DBS.280203). The real dictionary is not
 * published; the emulator uses a small list of common passwords that otherwise meet the policy, so that
 * the weak-password path can be exercised.
 */
const WEAK = new Set(
  [
    'Admin@123',
    'Admin@1234',
    'Root@123',
    'Root@1234',
    'Passw0rd!',
    'Password@1',
    'Password@123',
    'P@ssw0rd',
    'P@ssw0rd1',
    'Huawei@123',
    'Huawei@1234',
    'Qwerty@123',
    'Abc@1234',
    'Test@1234',
    'Welcome@1',
  ].map((word) => word.toLowerCase()),
);

export function isWeakPassword(password: string): boolean {
  return WEAK.has(password.toLowerCase());
}
