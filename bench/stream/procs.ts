// What the stream benchmark reads from /proc (Linux): the process group serving a port (wrangler
// or partykit, with their workerd and helpers), that group's CPU time, and the whole machine's busy time.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { cpuMs } from '../collab/proc';

/** The socket inodes listening on 127.0.0.1 / 0.0.0.0 / :: at `port` (from /proc/net/tcp and tcp6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      // local_address is "HEXIP:HEXPORT"; state 0A is LISTEN.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  return inodes;
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The process group of whatever listens on `port`. */
export function processGroupOf(port: number): number {
  const inodes = listeningInodes(port);
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1]!)) return Number(statFields(pid)![2]);
    }
  }
  throw new Error(`no process listens on port ${port}`);
}

/** CPU ms used so far by the processes now in group `pgid` (processes that already exited are not counted). */
export function groupCpuMs(pgid: number): number {
  let total = 0;
  for (const pid of pids()) {
    const fields = statFields(pid);
    if (fields && Number(fields[2]) === pgid) {
      try {
        total += cpuMs(pid);
      } catch {
        // exited meanwhile
      }
    }
  }
  return total;
}

/** Busy and total jiffies of all CPUs since boot (/proc/stat's first line; idle and iowait are not busy). */
export function machineBusy(): { busy: number; total: number } {
  const cols = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = cols.reduce((a, b) => a + b, 0);
  const idle = cols[3]! + cols[4]!;
  return { busy: total - idle, total };
}

/**
 * CPU ms so far of the processes in group `pgid`, summed by part: under wrangler, "workerd" runs
 * the worker, "workerd proxy" runs wrangler's proxy (and inspector-proxy) workers in front of it on
 * the dev port, "node" is wrangler itself.
 */
export function groupCpuByPart(pgid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of pids()) {
    const fields = statFields(pid);
    if (!fields || Number(fields[2]) !== pgid) continue;
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      // wrangler's proxy instance listens on the dev port; the worker's own instance on a port it picks (":0").
      const part = comm === 'workerd' && !cmdline.includes('--inspector-addr') && !cmdline.includes('entry=127.0.0.1:0\0') ? 'workerd proxy' : comm;
      out[part] = (out[part] ?? 0) + cpuMs(pid);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
