#!/usr/bin/env node
// Launcher kept outside dist/ so that the bin link exists before the first build.
await import('../dist/cli.js');
