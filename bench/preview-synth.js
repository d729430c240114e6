#!/usr/bin/env node
'use strict';
// How long one preview synth takes: the whole CLI process (what a pipeline waits for), and the
// synth alone once the library is loaded. Run: npm run bench:preview [-- <runs>]
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const runs = Number(process.argv[2] ?? 10);
const args = ['synth', '--preview', 'feature/Bench_Preview', '--expires', '2030-01-01T00:00:00Z', '--out', '-'];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const report = (label, values) => console.log(`${label.padEnd(44)} median ${median(values).toFixed(0).padStart(5)} ms   min ${Math.min(...values).toFixed(0).padStart(5)} ms   (${values.length} runs)`);

const processTimes = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'bin', 'shipshape.js'), ...args], { cwd: root, encoding: 'utf8' });
  processTimes.push(performance.now() - started);
  if (result.status !== 0) throw new Error(result.stderr);
}
report('shipshape synth --preview (whole process)', processTimes);

require('tsx/cjs/api').register();
const { App } = require('cdk8s');
const { loadEnvironments } = require('../lib/cli/environment-loading');
const { projectAt } = require('../lib/cli/project');
const { PreviewEnvironment } = require('../lib/environment/preview-environment');
const { toManifests } = require('../lib/synth/synthesize');
const loadStarted = performance.now();
const [base] = loadEnvironments(projectAt(root), ['staging']);
console.log(`${'load staging definition (first time)'.padEnd(44)} ${(performance.now() - loadStarted).toFixed(0).padStart(12)} ms`);
const synthTimes = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  toManifests(new PreviewEnvironment(new App(), { base, branch: `feature/bench-${i}`, expiresAt: new Date('2030-01-01T00:00:00Z') }));
  synthTimes.push(performance.now() - started);
}
report('preview synth in a loaded process', synthTimes);
