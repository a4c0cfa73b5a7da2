import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json, whether running from src (ts) or dist (compiled). */
export function findProjectRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();
