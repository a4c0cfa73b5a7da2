import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { FormError } from '../common/form-error';
import type { SeenVersion } from '../findings/finding-changes';
import { FindingsService } from '../findings/findings.service';
import { etagOf, findingUrl } from './api-v1.mapper';

/** The entity tags an `If-Match` header lists (`*` included); empty when there is none. */
export function entityTagsOf(header: string | undefined): string[] {
  if (!header) {
    return [];
  }
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/**
 * The API's version check on a finding, with ETag and If-Match (RFC 9110): every write names the version it was made
 * from. Missing: 428. Not the finding's current version: 412, and nothing is changed. The version then goes to the
 * service's own check (`UPDATE … WHERE version = ?` for a status change), so a change made between this check and the
 * write is refused there too (its 409 answered as 412 by `asPreconditionFailed`).
 */
@Injectable()
export class FindingVersions {
  constructor(private readonly findings: FindingsService) {}

  async check(reference: string, ifMatch: string | undefined, user: CurrentUser): Promise<SeenVersion> {
    const tags = entityTagsOf(ifMatch);
    if (tags.length === 0) {
      throw new HttpException(
        `Send If-Match with the finding’s ETag (from GET ${findingUrl(reference)}), so no one else’s change is overwritten`,
        HttpStatus.PRECONDITION_REQUIRED,
      );
    }
    // Seeing it comes first: another force's finding is a 404 whatever the header says.
    const finding = await this.findings.findVisible(reference, scopeOf(user));
    if (!tags.includes('*') && !tags.includes(etagOf(finding.version))) {
      throw new HttpException(
        `${finding.reference} has changed since that version: it is now ${etagOf(finding.version)}. Read it again, and make your change again if it still applies.`,
        HttpStatus.PRECONDITION_FAILED,
      );
    }
    return { version: finding.version, loadedAt: finding.updatedAt };
  }
}

/** A version conflict found inside the write (a form's 409) as the API's 412; anything else as it is. */
export function asPreconditionFailed(error: unknown): unknown {
  if (error instanceof FormError && error.getStatus() === 409) {
    return new HttpException(error.errors.map((item) => item.message).join(' '), HttpStatus.PRECONDITION_FAILED);
  }
  return error;
}
