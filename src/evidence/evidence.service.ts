import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor, CurrentUser } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { nowIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { EnvironmentVariables } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import type { EvidenceDto, ReviewEvidenceDto, WithdrawEvidenceDto } from '../findings/dto/work.dto';
import { assertMayChange, FindingChanges } from '../findings/finding-changes';
import { FindingsService } from '../findings/findings.service';
import { Action } from '../findings/action.entity';
import { Evidence } from './evidence.entity';
import {
  EvidenceStorage,
  startReading,
  StoredContentMismatchError,
  StoredContentMissingError,
  type StoredFile,
} from './evidence-storage';
import { checkEvidenceFile } from './file-type';
import { Notifications } from '../notifications/notifications.service';

export interface UploadedEvidenceFile {
  originalname: string;
  buffer: Buffer;
}

/** A file on its way out: its content is checked against its SHA-256 as it is read. */
export interface EvidenceDownload {
  content: Readable;
  mimeType: string;
  fileName: string;
  sizeBytes: number;
}

/** The stored copy of a file differs from the one uploaded (its SHA-256 or size): nothing was sent. */
export class EvidenceFileDamagedError extends Error {
  constructor() {
    super('The stored copy of this file does not match the one uploaded');
    this.name = 'EvidenceFileDamagedError';
  }
}

/**
 * Evidence on a finding: notes, links and files (checked by name and content, stored outside
 * the web root with their SHA-256), reviewed by an inspector or lead, withdrawn but never deleted.
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly findingsService: FindingsService,
    private readonly changes: FindingChanges,
    private readonly writes: WriteTransactions,
    private readonly storage: EvidenceStorage,
    private readonly env: EnvironmentVariables,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    private readonly notifications: Notifications,
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
      const reviewedAt = nowIso();
      await manager.update(
        Evidence,
        { id: item.id },
        { reviewState: dto.decision, reviewReason: dto.reason || null, reviewedAt },
      );
      const update = await this.changes.addUpdate(manager, finding, actor, {
        type: 'progress_note',
        commentary: `Evidence “${item.title}” ${dto.decision}${dto.reason ? `: ${dto.reason}` : ''}`,
      });
      if (dto.decision === 'rejected') {
        // Whoever added the evidence hears of it, in this transaction.
        await this.notifications.queue(manager, {
          kind: 'evidence_rejected',
          forceId: finding.forceId,
          recipients: { usernames: [item.addedBy] },
          actor: actor.user.username,
          eventKey: `evidence-review:${update.id}`,
          title: `Evidence rejected: ${finding.reference}`,
          body: [
            `${actor.user.displayName} rejected the evidence “${item.title}” you added to ${finding.reference} “${finding.title}”.`,
            dto.reason ? `Reason: ${dto.reason}` : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
          link: `/findings/${encodeURIComponent(finding.reference)}`,
          referencesOnly: {
            title: `Evidence rejected: ${finding.reference}`,
            body: `${actor.user.displayName} rejected evidence you added to ${finding.reference}.`,
            link: `/findings/${encodeURIComponent(finding.reference)}`,
          },
        });
      }
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
      return { ...item, reviewState: dto.decision, reviewReason: dto.reason || null, reviewedAt };
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

  /**
   * A stored file, for someone who may see the finding; 404 otherwise, and when its content is missing.
   * Its bytes are checked against the recorded SHA-256 as they are read: a mismatch found before the
   * first byte goes out is an EvidenceFileDamagedError; one found later ends the stream with an error
   * (the download is cut short). Either way it is logged, and a wrong file is never sent whole.
   */
  async download(reference: string, evidenceId: number, user: CurrentUser): Promise<EvidenceDownload> {
    const { finding, item } = await this.find(reference, evidenceId, user);
    if (
      item.kind !== 'file' ||
      !item.storedPath ||
      !item.mimeType ||
      !item.fileName ||
      !item.sha256 ||
      item.sizeBytes === null
    ) {
      throw new NotFoundException('This evidence has no file');
    }
    const stored: StoredFile = { storedPath: item.storedPath, sha256: item.sha256, sizeBytes: item.sizeBytes };
    const described = `Evidence ${item.id} (“${item.title}”, ${item.fileName}) on ${finding.reference}`;
    let content: Readable;
    try {
      const opened = await this.storage.open(stored);
      opened.once('error', (error) => {
        if (error instanceof StoredContentMismatchError) {
          this.logger.error(`${described} was not sent whole: ${error.message}`);
        }
      });
      content = await startReading(opened);
    } catch (error) {
      if (error instanceof StoredContentMissingError) {
        this.logger.error(`${described}: its file is missing from ${this.storage.description}`);
        throw new NotFoundException('The file for this evidence cannot be found');
      }
      if (error instanceof StoredContentMismatchError) {
        throw new EvidenceFileDamagedError();
      }
      throw error;
    }
    return { content, mimeType: item.mimeType, fileName: item.fileName, sizeBytes: item.sizeBytes };
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
