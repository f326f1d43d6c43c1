// Empties the package's dist/ before a build: esbuild names chunks by content hash and never deletes the old
// ones, so without this a package (and its tarball) keeps every chunk an earlier build left behind.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
