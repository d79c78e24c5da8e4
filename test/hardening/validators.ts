// The outside judges of the machine-readable formats: xmllint with our JUnit schema, and
// Prometheus's own promtool. Both come from Debian (libxml2-utils, prometheus); the test run
// installs them, and a missing one fails loudly instead of passing a format unchecked.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a validator said. */
export interface Verdict {
  valid: boolean;
  output: string;
}

/** The JUnit schema the tests hold `--format junit` to. */
export const JUNIT_XSD = fileURLToPath(new URL('../report/junit.xsd', import.meta.url));

const PACKAGE_OF: Record<string, string> = { xmllint: 'libxml2-utils', promtool: 'prometheus' };

/** Validates JUnit XML against the schema with xmllint. */
export function checkJunit(xml: string): Verdict {
  const run = runTool('xmllint', ['--noout', '--nonet', '--schema', JUNIT_XSD, '-'], xml);

  return { valid: run.status === 0, output: run.output };
}

/** Evaluates an XPath expression over `xml` with xmllint and returns its string value. */
export function xpath(xml: string, expression: string): string {
  const run = runTool('xmllint', ['--nonet', '--xpath', expression, '-'], xml);
  if (run.status !== 0) throw new Error(`xmllint --xpath '${expression}' failed: ${run.output}`);

  // xmllint ends what it prints with a line break of its own.
  return run.stdout.replace(/\n$/, '');
}

/**
 * Parses and lints exposition-format text with `promtool check metrics`, which uses the parser
 * Prometheus and node_exporter use; exit 1 is a parse error, 3 a lint finding.
 */
export function checkMetrics(text: string): Verdict {
  const run = runTool('promtool', ['check', 'metrics'], text);

  return { valid: run.status === 0, output: run.output };
}

function runTool(command: string, args: string[], input: string) {
  const run = spawnSync(command, args, { input, encoding: 'utf8', timeout: 20_000 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(
      `'${command}' is not installed: install the Debian package '${PACKAGE_OF[command]}' (scripts/test-services.sh does so when run as root)`,
    );
  }
  if (run.error) throw run.error;

  return { status: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}` };
}
