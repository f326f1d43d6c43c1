import { printable } from '../printable.js';

/** One sample of a family: its labels (names fixed by the family) and value. */
export interface Sample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One metric family of the Prometheus text exposition format. Only gauges: dbpass exports no counters. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge';
  readonly samples: readonly Sample[];
}

/**
 * A label value as the format wants it (backslash, double quote and line feed escaped), and printable besides:
 * ids come from plans and stores, and a control character would act on whoever reads the output in a terminal.
 * Such a character is written as the text `\xNN` (its backslash escaped, so the value holds that text).
 */
export const escapeLabelValue = (value: string): string =>
  [...value]
    .map((character) => {
      if (character === '\\') return '\\\\';
      if (character === '"') return '\\"';
      if (character === '\n') return '\\n';
      const shown = printable(character);
      return shown === character ? character : `\\${shown}`;
    })
    .join('');

const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** Go's float formatting for the values dbpass has: integers as integers, others as the shortest round trip. */
const formatValue = (value: number): string => {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
};

const formatLabels = (labels: Readonly<Record<string, string>> | undefined): string => {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
};

/** The text exposition format (version 0.0.4): HELP and TYPE for each family, then its samples. */
export function formatExposition(families: readonly MetricFamily[]): string {
  return families
    .filter((family) => family.samples.length > 0)
    .map((family) =>
      [
        `# HELP ${family.name} ${escapeHelp(family.help)}`,
        `# TYPE ${family.name} ${family.type}`,
        ...family.samples.map((sample) => `${family.name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`),
      ].join('\n'),
    )
    .join('\n')
    .concat('\n');
}
