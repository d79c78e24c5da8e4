// Preloaded into a measured process (node --import): writes its peak resident set size, in KB,
// to the file named by TIDB_PE_BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.TIDB_PE_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
