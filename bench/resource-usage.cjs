// Preloaded into each measured process: records, when it exits, its peak resident memory (KiB) and the CPU
// time of all its threads (user and system, microseconds) as JSON.
'use strict';
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (!process.env.BENCH_RESOURCE_USAGE_FILE) return;
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  writeFileSync(process.env.BENCH_RESOURCE_USAGE_FILE, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
});
