import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor, CurrentUser } from '../auth/current-user';
import { scopeOf } from '../auth/scope';
import { nowIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { EnvironmentVariables } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import type { EvidenceDto, ReviewEvidenceDto, WithdrawEvidenceDto } from '../findings/dto/work.dto';
import { assertMayChange, FindingChanges } from '../findings/finding-changes';
import { FindingsService } from '../findings/findings.service';
import { Action } from '../actions/action.entity';
import { Evidence } from './evidence.entity';
import { EvidenceStorage, type StoredFile } from './evidence-storage';
import { checkEvidenceFile } from './file-type';

export interface UploadedEvidenceFile {
  originalname: string;
  buffer: Buffer;
}

/**
 * Evidence on a finding: notes, links and files (checked by name and content, stored outside
 * the web root with their SHA-256), reviewed by an inspector or lead, withdrawn but never deleted.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly findingsService: FindingsService,
    private readonly changes: FindingChanges,
    private readonly writes: WriteTransactions,
    private readonly storage: EvidenceStorage,
    private readonly env: EnvironmentVariables,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
  ) {}

  get maxBytes(): number {
    return this.env.MAX_UPLOAD_MB * 1024 * 1024;
  }

  async add(
    reference: string,
    dto: EvidenceDto,
    file: UploadedEvidenceFile | undefined,
    actor: Actor,
  ): Promise<Evidence> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    assertMayChange(actor.user, finding, 'work');
    if (
      dto.actionId !== undefined &&
      !(await this.actions.exists({ where: { id: dto.actionId, findingId: finding.id } }))
    ) {
      throw new FormError([{ field: 'actionId', message: 'Select one of this finding’s actions' }]);
    }
    let accepted: ReturnType<typeof checkEvidenceFile> | null = null;
    if (dto.kind === 'file') {
      if (!file) {
        throw new FormError([{ field: 'file', message: 'Select a file' }]);
      }
      accepted = checkEvidenceFile({ originalName: file.originalname, content: file.buffer, maxBytes: this.maxBytes });
      if (!accepted.ok) {
        throw new FormError([{ field: 'file', message: accepted.reason }]);
      }
    }
    const stored: StoredFile | null = file && accepted?.ok ? await this.storage.save(file.buffer) : null;
    try {
      return await this.writes.run(async (manager) => {
        await this.changes.bump(manager, finding);
        const item = await manager.save(
          Evidence,
          manager.create(Evidence, {
            findingId: finding.id,
            actionId: dto.actionId ?? null,
            kind: dto.kind,
            title: dto.title,
            description: dto.description || null,
            url: dto.kind === 'link' ? dto.url : null,
            fileName: accepted?.ok ? accepted.safeName : null,
            storedPath: stored?.storedPath ?? null,
            mimeType: accepted?.ok ? accepted.mimeType : null,
            sizeBytes: stored?.sizeBytes ?? null,
            sha256: stored?.sha256 ?? null,
            reviewState: 'submitted',
            reviewReason: null,
            withdrawnAt: null,
            withdrawnReason: null,
            addedBy: actor.user.username,
            createdAt: nowIso(),
          }),
        );
        await this.changes.addUpdate(manager, finding, actor, {
          type: 'evidence_added',
          actionId: item.actionId,
          toValue: item.title.slice(0, 200),
          commentary: item.fileName ? `File ${item.fileName} (SHA-256 ${item.sha256})` : (item.url ?? item.description),
        });
        await this.changes.audited(manager, actor, {
          action: 'evidence.added',
          entityType: 'evidence',
          entityId: item.id,
          summary: `${finding.reference}: evidence “${item.title}” added`,
          changes: {
            kind: [null, item.kind],
            title: [null, item.title],
            fileName: [null, item.fileName],
            sha256: [null, item.sha256],
            url: [null, item.url],
          },
        });
        return item;
      });
    } catch (error) {
      // Nothing half saved: a file stored for a change that was rolled back goes too.
      if (stored) {
        await this.storage.remove(stored.storedPath);
      }
      throw error;
    }
  }

  async review(reference: string, evidenceId: number, dto: ReviewEvidenceDto, actor: Actor): Promise<Evidence> {
    const { finding, item } = await this.find(reference, evidenceId, actor.user);
    assertMayChange(actor.user, finding, 'review');
    if (dto.decision === 'rejected' && dto.reason === '') {
      throw new FormError([{ field: 'reason', message: 'Give the reason the evidence is rejected' }]);
    }
    if (item.withdrawnAt) {
      throw new FormError([{ field: 'decision', message: 'Withdrawn evidence cannot be reviewed' }]);
    }
    return this.writes.run(async (manager) => {
      await this.changes.bump(manager, finding);
      await manager.update(Evidence, { id: item.id }, { reviewState: dto.decision, reviewReason: dto.reason || null });
      await this.changes.addUpdate(manager, finding, actor, {
        type: 'progress_note',
        commentary: `Evidence “${item.title}” ${dto.decision}${dto.reason ? `: ${dto.reason}` : ''}`,
      });
      await this.changes.audited(manager, actor, {
        action: `evidence.${dto.decision}`,
        entityType: 'evidence',
        entityId: item.id,
        summary: `${finding.reference}: evidence “${item.title}” ${dto.decision}`,
        changes: {
          reviewState: [item.reviewState, dto.decision],
          reviewReason: [item.reviewReason, dto.reason || null],
        },
      });
      return { ...item, reviewState: dto.decision, reviewReason: dto.reason || null };
    });
  }

  async withdraw(reference: string, evidenceId: number, dto: WithdrawEvidenceDto, actor: Actor): Promise<Evidence> {
    const { finding, item } = await this.find(reference, evidenceId, actor.user);
    assertMayChange(actor.user, finding, 'work');
    if (item.withdrawnAt) {
      throw new FormError([{ field: 'reason', message: 'This evidence has already been withdrawn' }]);
    }
    return this.writes.run(async (manager) => {
      await this.changes.bump(manager, finding);
      const at = nowIso();
      await manager.update(Evidence, { id: item.id }, { withdrawnAt: at, withdrawnReason: dto.reason });
      await this.changes.addUpdate(manager, finding, actor, {
        type: 'progress_note',
        commentary: `Evidence “${item.title}” withdrawn: ${dto.reason}`,
      });
      await this.changes.audited(manager, actor, {
        action: 'evidence.withdrawn',
        entityType: 'evidence',
        entityId: item.id,
        summary: `${finding.reference}: evidence “${item.title}” withdrawn`,
        changes: { withdrawnAt: [null, at], withdrawnReason: [null, dto.reason] },
      });
      return { ...item, withdrawnAt: at, withdrawnReason: dto.reason };
    });
  }

  /** A stored file, for someone who may see the finding; 404 otherwise. */
  async download(
    reference: string,
    evidenceId: number,
    user: CurrentUser,
  ): Promise<{ path: string; mimeType: string; fileName: string }> {
    const { item } = await this.find(reference, evidenceId, user);
    if (item.kind !== 'file' || !item.storedPath || !item.mimeType || !item.fileName) {
      throw new NotFoundException('This evidence has no file');
    }
    return { path: this.storage.resolve(item.storedPath), mimeType: item.mimeType, fileName: item.fileName };
  }

  private async find(reference: string, evidenceId: number, user: CurrentUser) {
    const finding = await this.findingsService.findVisible(reference, scopeOf(user));
    const item = await this.evidence.findOne({ where: { id: evidenceId, findingId: finding.id } });
    if (!item) {
      throw new NotFoundException(`${reference} has no evidence ${evidenceId}`);
    }
    return { finding, item };
  }
}
