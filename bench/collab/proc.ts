// What the benchmark reads about server processes from /proc (Linux): resident memory, CPU time,
// and which workerd process serves `partykit dev` on a port.
import { readdirSync, readFileSync } from 'node:fs';

/** Resident set size of `pid` in bytes (VmRSS in /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** CPU time (user + system) `pid` has used, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

// sysconf(_SC_CLK_TCK) is 100 on every Linux we run on.
const CLOCK_TICKS = 100;

/** The pid of the workerd process listening on `port` for `partykit dev` (its entry socket). */
export function findWorkerdPid(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    if (!args[0]?.endsWith('/workerd')) continue;
    if (args.some((a) => a.startsWith('--socket-addr=entry=') && a.endsWith(`:${port}`))) return Number(entry);
  }
  throw new Error(`no workerd process serves port ${port}`);
}

/** The 1-minute load average, to show how busy the machine was during a run. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
