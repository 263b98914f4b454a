/**
 * CPU accounting read straight from the OS (/proc), so the numbers do not depend on what a process
 * says about itself. All percentages are "of one core" (200% = two cores fully busy).
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** USER_HZ: the unit of the utime/stime fields in /proc/<pid>/stat (100 on mainstream Linux). */
export const CLK_TCK = readClkTck();

function readClkTck(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

export interface CpuSample {
  /** utime + stime in clock ticks; /proc/<pid>/stat sums every thread of the process. */
  readonly ticks: number;
  readonly atNs: bigint;
}

/** utime+stime of one process. Returns ticks 0 if the process is gone (so a dead helper reads as idle). */
export function sampleProcessCpu(pid: number): CpuSample {
  const atNs = process.hrtime.bigint();
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return { ticks: 0, atNs };
  }
  // Field 2 (comm) is parenthesised and may contain spaces: split only after the last ')'.
  // The remainder starts at field 3 (state), so utime (field 14) and stime (field 15) are at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ticks: Number(fields[11]) + Number(fields[12]), atNs };
}

/** Sum of several processes' CPU (e.g. all receiver children), sampled back to back. */
export function sampleProcessesCpu(pids: readonly number[]): CpuSample {
  const samples = pids.map(sampleProcessCpu);
  return { ticks: samples.reduce((s, x) => s + x.ticks, 0), atNs: samples[0]?.atNs ?? process.hrtime.bigint() };
}

/** Percent of one core used between two samples. */
export function cpuPercent(from: CpuSample, to: CpuSample): number {
  const seconds = Number(to.atNs - from.atNs) / 1e9;
  if (seconds <= 0) return 0;
  return ((to.ticks - from.ticks) / CLK_TCK / seconds) * 100;
}

export interface MachineSample {
  readonly busy: number;
  readonly total: number;
}

/** Whole-machine busy/total jiffies from the first line of /proc/stat (to show contention from other processes). */
export function sampleMachineCpu(): MachineSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((s, x) => s + x, 0);
  return { busy: total - idle, total };
}

/** Busy percent of the whole machine, in "percent of one core" units (0..100*cores). */
export function machineBusyPercent(from: MachineSample, to: MachineSample, cores: number): number {
  const total = to.total - from.total;
  return total > 0 ? ((to.busy - from.busy) / total) * 100 * cores : 0;
}

/**
 * Nanoseconds the process's main thread has spent runnable but waiting for a CPU (/proc/<pid>/schedstat,
 * field 2). Its growth over a window shows whether a process was starved by others rather than busy.
 */
export function sampleRunqueueWaitNs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
  } catch {
    return 0;
  }
}
