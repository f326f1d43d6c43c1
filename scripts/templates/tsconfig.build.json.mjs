export function render() {
  return `${JSON.stringify({ extends: './tsconfig.json', compilerOptions: { declarationMap: false, sourceMap: false } }, null, 2)}\n`;
}
