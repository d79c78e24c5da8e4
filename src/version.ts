import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_ROOT } from './package-root.js';

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

/** The tool's name and version, as they appear in reports. */
export const TOOL = { name: 'tidb-pe', version: manifest.version } as const;
