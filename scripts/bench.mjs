#!/usr/bin/env node
// Placeholder for `npm run bench`; benchmarks will write bench/results.json.
console.log('no benchmarks yet');
