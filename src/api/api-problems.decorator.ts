import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { Problem } from './dto/api-responses.dto';

const MEANINGS: Record<number, string> = {
  400: 'The request is refused: `errors` names each field’s problem',
  401: 'No credentials, or the API token is unknown, expired or revoked (`WWW-Authenticate: Bearer`)',
  403: 'The user’s role, or a read-only token, does not allow this',
  404: 'No such item the user may see (another force’s item is a 404 too)',
  412: 'If-Match does not name the finding’s current version: read it again',
  428: 'If-Match is missing',
};

/** The error answers of an operation: RFC 9457 problem details (`application/problem+json`). */
export function ApiProblems(...statuses: Array<keyof typeof MEANINGS>) {
  return applyDecorators(
    ApiExtraModels(Problem),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: MEANINGS[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(Problem) } } },
      }),
    ),
  );
}
