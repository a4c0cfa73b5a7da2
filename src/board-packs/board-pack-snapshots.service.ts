import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, CurrentUser } from '../access/current-user';
import { inScope, scopeOf } from '../access/scope';
import { nowIso } from '../common/dates';
import { WriteTransactions } from '../database/write-transactions';
import type { BoardPackParameters } from './board-pack.service';
import type { BoardPack, BoardPackMeeting } from './board-pack.types';
import { BoardPackSnapshot } from './board-pack-snapshot.entity';

export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface SavedPack {
  id: number;
  forceId: number;
  createdAt: string;
  createdBy: string;
  parameters: BoardPackParameters;
  pack: BoardPack;
  contentHash: string;
  /** Whether the stored content still matches its hash (it is never changed by the app). */
  intact: boolean;
}

/** Saved packs: immutable snapshots, readable exactly as they were, and comparable. */
@Injectable()
export class BoardPackSnapshotsService {
  constructor(
    @InjectRepository(BoardPackSnapshot) private readonly snapshots: Repository<BoardPackSnapshot>,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  /** Saves the pack for a meeting: the meeting and the lead's commentary become part of its (hashed) content. */
  async save(
    forceId: number,
    parameters: BoardPackParameters,
    made: BoardPack,
    meeting: BoardPackMeeting,
    actor: Actor,
  ): Promise<BoardPackSnapshot> {
    const pack: BoardPack = { ...made, meeting };
    const content = JSON.stringify(pack);
    return this.writes.run(async (manager) => {
      const snapshot = await manager.save(
        BoardPackSnapshot,
        manager.create(BoardPackSnapshot, {
          forceId,
          createdAt: nowIso(),
          createdBy: actor.user.username,
          meetingName: meeting.name,
          meetingDate: meeting.date,
          parameters: JSON.stringify(parameters),
          content,
          contentHash: contentHash(content),
        }),
      );
      await this.audit.record(manager, {
        actor: actor.user.username,
        ip: actor.ip,
        action: 'board_pack.saved',
        entityType: 'board_pack',
        entityId: snapshot.id,
        summary: `Board pack for ${pack.meta.force.name} saved for ${meeting.name} (${meeting.date})`,
        changes: { contentHash: [null, snapshot.contentHash] },
      });
      return snapshot;
    });
  }

  /** The saved packs a user may see (a force user: their force's), newest first. */
  async list(user: CurrentUser): Promise<
    Array<{
      id: number;
      forceId: number;
      createdAt: string;
      createdBy: string;
      force: string;
      contentHash: string;
      meetingName: string | null;
      meetingDate: string | null;
    }>
  > {
    const scope = scopeOf(user);
    const where = scope.forceId === null ? {} : { forceId: scope.forceId };
    const rows = await this.snapshots.find({
      where,
      relations: { force: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      select: {
        id: true,
        createdAt: true,
        createdBy: true,
        contentHash: true,
        forceId: true,
        meetingName: true,
        meetingDate: true,
        force: { name: true, id: true },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      forceId: row.forceId,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      force: row.force.name,
      contentHash: row.contentHash,
      meetingName: row.meetingName,
      meetingDate: row.meetingDate,
    }));
  }

  /** The other saved packs of the same force, to compare with. */
  async others(saved: { id: number; forceId: number }, user: CurrentUser) {
    return (await this.list(user)).filter((row) => row.forceId === saved.forceId && row.id !== saved.id);
  }

  async get(id: number, user: CurrentUser): Promise<SavedPack> {
    const row = await this.snapshots.findOne({ where: { id } });
    if (!row || !inScope(scopeOf(user), row.forceId)) {
      throw new NotFoundException(`There is no saved board pack ${id}`);
    }
    return {
      id: row.id,
      forceId: row.forceId,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      parameters: JSON.parse(row.parameters) as BoardPackParameters,
      pack: JSON.parse(row.content) as BoardPack,
      contentHash: row.contentHash,
      intact: contentHash(row.content) === row.contentHash,
    };
  }

  async latestId(user: CurrentUser, forceId: number): Promise<number | null> {
    const [row] = await this.snapshots.find({
      where: { forceId: In([forceId]) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 1,
      select: { id: true },
    });
    return row && inScope(scopeOf(user), forceId) ? row.id : null;
  }
}
