// Preloaded into each measured process: records its peak resident memory (KiB) when it exits.
'use strict';
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_PEAK_MEMORY_FILE) writeFileSync(process.env.BENCH_PEAK_MEMORY_FILE, String(process.resourceUsage().maxRSS));
});
