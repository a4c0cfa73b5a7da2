import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/*
 * The tracker's first schema: forces, inspections and their reports with graded judgments,
 * findings with their sources, links and assessments, actions, the append-only history and evidence.
 *
 * Written with TypeORM's Table API so the same migration runs on SQLite and PostgreSQL:
 * only portable column types (integer, varchar, text, boolean); dates are ISO strings
 * (YYYY-MM-DD) and timestamps ISO 8601 in UTC, which sort correctly as text on both engines.
 */

const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const integer = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
});
const date = (name: string): TableColumnOptions => varchar(name, 10, true);
const timestamp = (name: string, nullable = false): TableColumnOptions => varchar(name, 30, nullable);
/**
 * A foreign key to <target>.id. Left unnamed so TypeORM's naming strategy gives it the same name
 * the entities expect, and `migration:generate --check` finds nothing to change.
 */
const references = (
  column: string,
  target: string,
  onDelete: 'CASCADE' | 'NO ACTION' = 'NO ACTION',
): TableForeignKeyOptions => ({
  columnNames: [column],
  referencedTableName: target,
  referencedColumnNames: ['id'],
  onDelete,
});

export class CreateTrackerSchema1795424400000 implements MigrationInterface {
  name = 'CreateTrackerSchema1795424400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'forces',
        columns: [
          id(),
          { ...varchar('code', 8), isUnique: true },
          varchar('name', 200),
          varchar('monitoring_stage', 16, true),
          date('monitoring_stage_since'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'inspections',
        columns: [
          id(),
          { ...varchar('key', 100), isUnique: true },
          varchar('title', 300),
          integer('force_id', true),
          varchar('period', 20),
        ],
        foreignKeys: [references('force_id', 'forces')],
        indices: [{ name: 'idx_inspections_force', columnNames: ['force_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'reports',
        columns: [
          id(),
          { ...varchar('key', 100), isUnique: true },
          integer('inspection_id'),
          varchar('title', 300),
          varchar('inspectorate', 16),
          varchar('type', 40),
          integer('force_id', true),
          varchar('period', 20),
          integer('year'),
          date('published_on'),
          varchar('source_file', 300, true),
          varchar('source_url', 500, true),
          date('pcc_response_published_on'),
          varchar('pcc_response_url', 500, true),
          integer('display_order'),
        ],
        foreignKeys: [references('inspection_id', 'inspections'), references('force_id', 'forces')],
        indices: [
          { name: 'idx_reports_inspection', columnNames: ['inspection_id'] },
          { name: 'idx_reports_force', columnNames: ['force_id'] },
          { name: 'idx_reports_year', columnNames: ['year'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'judgments',
        columns: [
          id(),
          integer('report_id'),
          varchar('pillar', 20, true),
          varchar('area', 300),
          varchar('grade', 30),
          varchar('last_inspected', 10, true),
          integer('position'),
        ],
        foreignKeys: [references('report_id', 'reports', 'CASCADE')],
        indices: [{ name: 'idx_judgments_report', columnNames: ['report_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'findings',
        columns: [
          id(),
          { ...varchar('reference', 40), isUnique: true },
          varchar('kind', 40),
          varchar('title', 200),
          text('text'),
          text('sub_points'),
          integer('parent_id', true),
          integer('force_id', true),
          integer('report_id'),
          integer('year'),
          integer('position'),
          varchar('section', 300, true),
          varchar('theme', 80),
          varchar('owner', 200, true),
          text('action_owners'),
          varchar('status', 30),
          date('target_date'),
          { name: 'example_data', type: 'boolean', default: false },
          { name: 'version', type: 'integer', default: 1 },
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        foreignKeys: [
          references('parent_id', 'findings'),
          references('force_id', 'forces'),
          references('report_id', 'reports'),
        ],
        indices: [
          { name: 'idx_findings_kind', columnNames: ['kind'] },
          { name: 'idx_findings_parent', columnNames: ['parent_id'] },
          { name: 'idx_findings_force', columnNames: ['force_id'] },
          { name: 'idx_findings_report', columnNames: ['report_id'] },
          { name: 'idx_findings_year', columnNames: ['year'] },
          { name: 'idx_findings_theme', columnNames: ['theme'] },
          { name: 'idx_findings_owner', columnNames: ['owner'] },
          { name: 'idx_findings_status', columnNames: ['status'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'finding_sources',
        columns: [
          id(),
          integer('finding_id'),
          integer('report_id'),
          varchar('section', 300, true),
          varchar('role', 30),
          integer('position'),
        ],
        foreignKeys: [references('finding_id', 'findings', 'CASCADE'), references('report_id', 'reports')],
        indices: [
          { name: 'idx_finding_sources_finding', columnNames: ['finding_id'] },
          { name: 'idx_finding_sources_report', columnNames: ['report_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'finding_links',
        columns: [
          id(),
          integer('from_finding_id'),
          integer('to_finding_id'),
          varchar('type', 20),
          text('reason', true),
          timestamp('created_at'),
        ],
        foreignKeys: [
          references('from_finding_id', 'findings', 'CASCADE'),
          references('to_finding_id', 'findings', 'CASCADE'),
        ],
        indices: [
          { name: 'idx_finding_links_from', columnNames: ['from_finding_id'] },
          { name: 'idx_finding_links_to', columnNames: ['to_finding_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'assessments',
        columns: [
          id(),
          integer('finding_id'),
          integer('report_id', true),
          integer('force_id', true),
          varchar('verdict', 30),
          text('quote', true),
          text('commentary', true),
          date('assessed_on'),
          varchar('recorded_by', 100),
          timestamp('created_at'),
        ],
        foreignKeys: [
          references('finding_id', 'findings', 'CASCADE'),
          references('report_id', 'reports'),
          references('force_id', 'forces'),
        ],
        indices: [
          { name: 'idx_assessments_finding', columnNames: ['finding_id'] },
          { name: 'idx_assessments_report', columnNames: ['report_id'] },
          { name: 'idx_assessments_force', columnNames: ['force_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'actions',
        columns: [
          id(),
          integer('finding_id'),
          text('description'),
          varchar('owner', 200, true),
          date('due_date'),
          varchar('status', 20),
          { name: 'version', type: 'integer', default: 1 },
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        foreignKeys: [references('finding_id', 'findings', 'CASCADE')],
        indices: [
          { name: 'idx_actions_finding', columnNames: ['finding_id'] },
          { name: 'idx_actions_owner', columnNames: ['owner'] },
          { name: 'idx_actions_due_date', columnNames: ['due_date'] },
          { name: 'idx_actions_status', columnNames: ['status'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'finding_updates',
        columns: [
          id(),
          integer('finding_id'),
          integer('action_id', true),
          varchar('type', 30),
          varchar('from_value', 200, true),
          varchar('to_value', 200, true),
          text('commentary', true),
          varchar('author', 100),
          timestamp('created_at'),
        ],
        foreignKeys: [references('finding_id', 'findings', 'CASCADE'), references('action_id', 'actions', 'CASCADE')],
        indices: [
          { name: 'idx_finding_updates_finding_created', columnNames: ['finding_id', 'created_at'] },
          { name: 'idx_finding_updates_action', columnNames: ['action_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'evidence',
        columns: [
          id(),
          integer('finding_id'),
          integer('action_id', true),
          varchar('kind', 10),
          varchar('title', 200),
          text('description', true),
          varchar('url', 1000, true),
          varchar('file_name', 255, true),
          varchar('stored_path', 500, true),
          varchar('mime_type', 150, true),
          integer('size_bytes', true),
          varchar('sha256', 64, true),
          { ...varchar('review_state', 20), default: "'submitted'" },
          text('review_reason', true),
          timestamp('withdrawn_at', true),
          text('withdrawn_reason', true),
          varchar('added_by', 100),
          timestamp('created_at'),
        ],
        foreignKeys: [references('finding_id', 'findings', 'CASCADE'), references('action_id', 'actions', 'CASCADE')],
        indices: [
          { name: 'idx_evidence_finding', columnNames: ['finding_id'] },
          { name: 'idx_evidence_action', columnNames: ['action_id'] },
          { name: 'idx_evidence_review_state', columnNames: ['review_state'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'evidence',
      'finding_updates',
      'actions',
      'assessments',
      'finding_links',
      'finding_sources',
      'findings',
      'judgments',
      'reports',
      'inspections',
      'forces',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
