const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90m`, `12h`, `30d` in milliseconds (the plan schema has checked the form). */
export function parseDuration(text: string): number {
  const match = /^([1-9][0-9]*)(m|h|d)$/.exec(text);
  if (!match) throw new RangeError(`not a duration: ${text} (use 90m, 12h or 30d)`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
