// Per-package task inputs: this package regenerates only when its own spec, the shared spec pieces or the
// generator change.
export function render(context) {
  const turbo = {
    $schema: 'https://turbo.build/schema.json',
    extends: ['//'],
    tasks: {
      generate: {
        inputs: [
          `$TURBO_ROOT$/${context.specDir}/**`,
          '$TURBO_ROOT$/specs/_shared/**',
          '$TURBO_ROOT$/scripts/generate.mjs',
          '$TURBO_ROOT$/scripts/generate/**',
          '$TURBO_ROOT$/scripts/templates/**',
          '$TURBO_ROOT$/redocly.yaml',
          '$TURBO_ROOT$/LICENSE',
          '$TURBO_ROOT$/biome.json',
        ],
        outputs: [
          'src/generated/**',
          'README.md',
          'LICENSE',
          'package.json',
          'tsconfig.json',
          'tsconfig.build.json',
          'turbo.json',
        ],
      },
    },
  };
  return `${JSON.stringify(turbo, null, 2)}\n`;
}
