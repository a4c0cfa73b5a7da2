import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * Personal API tokens: each user's tokens for scripts that call /api/v1 with `Authorization: Bearer`. Only the
 * SHA-256 of a token is kept (the token itself is shown once, when it is made), with its name, its scope (read, or
 * read and write), when it expires, when it was last used and, once revoked, when. A token goes with its user.
 */
export class CreateApiTokens1795426300000 implements MigrationInterface {
  name = 'CreateApiTokens1795426300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'scope', type: 'varchar', length: '20' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'expires_at', type: 'varchar', length: '30' },
          { name: 'last_used_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'revoked_at', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'idx_api_tokens_user', columnNames: ['user_id'] },
          { name: 'idx_api_tokens_token_hash', columnNames: ['token_hash'], isUnique: true },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_tokens');
  }
}
