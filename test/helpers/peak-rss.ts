/**
 * A child process's own peak RSS, in MiB, as source text to run inside the child.
 *
 * `process.resourceUsage().maxRSS` cannot be used here: Linux keeps a process's high-water mark across
 * fork and exec. A CLI spawned by mocha late in a full run therefore reports mocha's own RSS (seen on
 * CI: 264 MiB for a CLI whose own peak was 71 MiB). /proc/self/status `VmHWM` belongs to the address
 * space that exec creates, so it measures the child alone. Off Linux, maxRSS is the fallback.
 */
export const PEAK_RSS_MIB_EXPR =
  "(() => { try { return Math.round(Number(/VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) / 1024); } catch { return Math.round(process.resourceUsage().maxRSS / 1024); } })()";
