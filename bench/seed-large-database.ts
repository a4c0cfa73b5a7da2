/**
 * Fills a tracker database with a large synthetic data set for benchmarks: 43 forces, ten years of
 * reports, 5,000 findings, 50,000 history entries, actions and evidence. Rows go in with plain
 * INSERTs in one transaction, on top of the migrated schema and the default data.
 */
import type { DataSource } from 'typeorm';

export interface SeedSize {
  findings: number;
  updatesPerFinding: number;
  years: number;
}

export const DEFAULT_SIZE: SeedSize = { findings: 5000, updatesPerFinding: 10, years: 10 };

const STATUSES = ['not_started', 'in_progress', 'implemented', 'verified_closed', 'superseded'] as const;
const THEMES = [
  'vetting',
  'professional standards',
  'counter-corruption',
  'complaints',
  'training',
  'investigation',
  'vulnerability',
];
const OWNERS = [
  'Force vetting unit (FVU)',
  'Head of professional standards (PSD)',
  'Counter-corruption unit (CCU)',
  'Human resources',
  'Learning and development',
  'Head of crime and investigations',
];

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export async function seedLargeDatabase(
  dataSource: DataSource,
  size: SeedSize = DEFAULT_SIZE,
  forceCode = 'DER',
): Promise<{ findings: number; updates: number }> {
  const next = random(42);
  const postgres = dataSource.options.type === 'postgres';
  const placeholder = (index: number) => (postgres ? `$${index}` : '?');
  const insert = (table: string, columns: string[]) =>
    `INSERT INTO ${table} (${columns.map((column) => `"${column}"`).join(', ')}) VALUES (${columns.map((_, index) => placeholder(index + 1)).join(', ')})${postgres ? ' RETURNING id' : ''}`;
  const forces: Array<{ id: number; code: string }> = await dataSource.query('SELECT id, code FROM forces ORDER BY id');
  const [{ id: inspectionId }]: Array<{ id: number }> = await dataSource.query(
    'SELECT id FROM inspections ORDER BY id LIMIT 1',
  );
  let updates = 0;
  await dataSource.transaction(async (manager) => {
    const run = async (sql: string, parameters: unknown[]): Promise<number> => {
      const result: unknown = await manager.query(sql, parameters);
      if (postgres) {
        return Number((result as Array<{ id: number }>)[0]?.id ?? 0);
      }
      const [{ id }] = await manager.query<Array<{ id: number }>>('SELECT last_insert_rowid() AS id');
      return Number(id);
    };
    const reportIds: Array<{ id: number; forceId: number; year: number; publishedOn: string }> = [];
    for (const force of forces) {
      for (let year = 2026 - size.years; year < 2026; year += 1) {
        const publishedOn = `${year}-0${1 + (force.id % 9)}-15`;
        const id = await run(
          insert('reports', [
            'key',
            'inspection_id',
            'title',
            'inspectorate',
            'type',
            'force_id',
            'period',
            'year',
            'published_on',
            'display_order',
          ]),
          [
            `bench-${force.code.toLowerCase()}-${year}`,
            inspectionId,
            `Synthetic inspection of ${force.code} ${year}`,
            'HMICFRS',
            'integrity_inspection',
            force.id,
            String(year),
            year,
            publishedOn,
            1000 + year,
          ],
        );
        reportIds.push({ id, forceId: force.id, year, publishedOn });
      }
    }
    const target = forces.find((force) => force.code === forceCode)!;
    const now = new Date().toISOString();
    for (let index = 0; index < size.findings; index += 1) {
      // Half of the findings belong to the force whose pack is measured: the worst case for one pack.
      const force = index % 2 === 0 ? target : forces[Math.floor(next() * forces.length)];
      const candidates = reportIds.filter((report) => report.forceId === force.id);
      const report = candidates[Math.floor(next() * candidates.length)];
      const status = STATUSES[Math.floor(next() * STATUSES.length)];
      const findingId = await run(
        insert('findings', [
          'reference',
          'kind',
          'title',
          'text',
          'sub_points',
          'force_id',
          'report_id',
          'year',
          'position',
          'theme',
          'owner',
          'action_owners',
          'status',
          'target_date',
          'example_data',
          'version',
          'created_at',
          'updated_at',
        ]),
        [
          `BEN-${String(index).padStart(5, '0')}`,
          'area_for_improvement',
          `Synthetic area for improvement ${index}`,
          `The force should improve synthetic process ${index}, including its records, supervision and review.`,
          '[]',
          force.id,
          report.id,
          report.year,
          index,
          THEMES[index % THEMES.length],
          OWNERS[index % OWNERS.length],
          JSON.stringify([OWNERS[(index + 1) % OWNERS.length]]),
          status,
          `${2024 + Math.floor(next() * 4)}-0${1 + Math.floor(next() * 9)}-28`,
          postgres ? true : 1,
          1,
          now,
          now,
        ],
      );
      for (let update = 0; update < size.updatesPerFinding; update += 1) {
        const at = new Date(Date.parse(`${report.publishedOn}T09:00:00Z`) + update * 17 * 86_400_000).toISOString();
        const isStatus = update === size.updatesPerFinding - 1;
        await manager.query(
          insert('finding_updates', [
            'finding_id',
            'type',
            'from_value',
            'to_value',
            'commentary',
            'author',
            'created_at',
          ]).replace(' RETURNING id', ''),
          [
            findingId,
            isStatus ? 'status_change' : 'progress_note',
            isStatus ? 'not_started' : null,
            isStatus ? status : null,
            `Synthetic progress note ${update} on finding ${index}`,
            'bench',
            at,
          ],
        );
        updates += 1;
      }
      if (index % 2 === 0) {
        await manager.query(
          insert('actions', [
            'finding_id',
            'description',
            'owner',
            'due_date',
            'status',
            'version',
            'created_at',
            'updated_at',
          ]).replace(' RETURNING id', ''),
          [
            findingId,
            `Synthetic action for finding ${index}`,
            OWNERS[index % OWNERS.length],
            '2025-06-30',
            index % 3 === 0 ? 'done' : 'in_progress',
            1,
            now,
            now,
          ],
        );
        await manager.query(
          insert('evidence', ['finding_id', 'kind', 'title', 'review_state', 'added_by', 'created_at']).replace(
            ' RETURNING id',
            '',
          ),
          [findingId, 'note', `Synthetic evidence ${index}`, 'submitted', 'bench', now],
        );
      }
    }
  });
  return { findings: size.findings, updates };
}
