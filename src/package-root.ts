import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The code runs from src/ under the tests and from dist/src/ once built; the shipped files
// (package.json, schema/, fixtures/) sit at the package root either way.
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes('"name": "tidb-pe"')) {
      return dir;
    }

    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(
        'Cannot find the tidb-pe package root: the installation is incomplete, reinstall tidb-pe',
      );
    dir = parent;
  }
}

/** The directory that holds the tool's package.json, schema/ and fixtures/. */
export const PACKAGE_ROOT = findPackageRoot();
