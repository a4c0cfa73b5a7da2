import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Response } from 'express';
import { can } from '../access/roles';
import type { TrackerRequest } from '../auth/session.middleware';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { BoardPackService } from './board-pack.service';
import { PACK_VIEW, packPageModel } from './board-pack-formats';
import { BoardPackQuery } from './dto/board-pack.query';

/** The board packs' form: saving the pack made now for a meeting (it sits on the pack's page). */
export type BoardPackForm = 'save';

/** The pack's parameters from what the save form sent: those that are valid (the form's hidden fields). */
function parametersTyped(typed: Record<string, unknown>): BoardPackQuery {
  const keys = ['force', 'report', 'theme', 'kind', 'owner', 'since', 'until', 'staleDays'] as const;
  const picked = Object.fromEntries(
    keys.filter((key) => typeof typed[key] === 'string').map((key) => [key, typed[key]]),
  );
  const query = plainToInstance(BoardPackQuery, picked);
  for (const error of validateSync(query)) {
    delete (query as unknown as Record<string, unknown>)[error.property];
  }
  return query;
}

/**
 * A refused save: the pack made now shown again, with the meeting's name, date and commentary as typed and each
 * error beside its field.
 */
@Injectable()
export class BoardPackPages implements FormPageProvider<BoardPackForm> {
  constructor(private readonly packs: BoardPackService) {}

  async refusedPage(_form: BoardPackForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    const query = parametersTyped(typed);
    const force = await this.packs.forceFor(user, query.force);
    const parameters = await this.packs.parameters(query, force);
    const pack = await this.packs.build(force, parameters, user.username);
    const response = request.res as Response | undefined;
    return {
      view: PACK_VIEW,
      model: packPageModel(pack, {
        parameters,
        saved: null,
        mayDecide: can(user.role, 'boardDecision'),
        csrfToken: response?.locals.csrfToken as string | undefined,
        refused: { values: typed, errors },
      }),
    };
  }
}
