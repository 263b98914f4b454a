/**
 * Kernel UDP socket counters, to tell where packets were lost or are waiting: a receiving socket whose
 * buffer is full drops silently (the `drops` column of /proc/net/udp), and the bytes queued but not yet
 * read (`rx_queue`) show which side is falling behind.
 */
import { readFileSync } from 'node:fs';

export interface UdpSocketTotals {
  /** Datagrams dropped because the socket's receive buffer was full (since the socket was opened). */
  readonly drops: number;
  /** Bytes currently queued for reading (kernel accounting, includes per-packet overhead). */
  readonly rxQueueBytes: number;
}

/** Totals over the IPv4 UDP sockets bound to any of `ports`. */
export function udpSocketTotals(ports: ReadonlySet<number>): UdpSocketTotals {
  let text: string;
  try {
    text = readFileSync('/proc/net/udp', 'utf8');
  } catch {
    return { drops: 0, rxQueueBytes: 0 };
  }
  let drops = 0;
  let rxQueueBytes = 0;
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops
    const cols = line.trim().split(/\s+/);
    if (cols.length < 13) continue;
    const port = parseInt((cols[1] ?? '').split(':')[1] ?? '', 16);
    if (!ports.has(port)) continue;
    drops += Number(cols[cols.length - 1]);
    rxQueueBytes += parseInt((cols[4] ?? '').split(':')[1] ?? '0', 16);
  }
  return { drops, rxQueueBytes };
}
