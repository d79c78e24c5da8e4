import { spawnSync } from 'node:child_process';

// The command-line tests run ./bin/tidb-pe as a user would, so the build must be current. Type
// errors are reported by the typecheck step of `npm test`; here they only warn, because the
// compiler still writes the JavaScript.
export default function buildOnce(): void {
  const build = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    { encoding: 'utf8' },
  );
  if (build.status !== 0)
    process.stderr.write(`Build reported errors:\n${build.stdout}${build.stderr}`);
}
