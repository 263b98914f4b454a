/** A person connected to a live lesson, and the way to reach their browser. */
import type { Level, Role } from '../../shared/levels';
import type { Notification, ParticipantRole, PeerInfo } from '../../shared/protocol';

export interface Connection {
  send(notification: Notification): void;
  disconnect(): void;
}

export interface Participant {
  userId: string;
  name: string;
  userRole: Role;
  role: ParticipantRole;
  attendanceId: string;
  parentLevel: Level | null;
  connection: Connection;
}

export function peerInfo(p: Participant): PeerInfo {
  return { userId: p.userId, name: p.name, role: p.role };
}

