import type { Format } from '../options.js';
import type { Report } from '../../report/report.js';
import type { Io } from '../main.js';
import { renderReport } from '../../report/render.js';
import { writeFileAtomic } from '../../report/write.js';
import { TidbPeError } from '../errors.js';

/** How to print a finished report. */
export interface OutputOptions {
  format: Format;
  output?: string;
  verbose: boolean;
  quiet?: boolean;
  /** Removes known secrets from everything written, as a last line of defence. */
  redact?: (text: string) => string;
}

/** Prints the report to stdout and, with `--output`, writes the JSON report to a file. */
export async function emitReport(report: Report, options: OutputOptions, io: Io): Promise<number> {
  const redact = options.redact ?? ((text: string) => text);
  if (options.output) {
    try {
      await writeFileAtomic(options.output, redact(`${JSON.stringify(report, null, 2)}\n`));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
      throw new TidbPeError(
        'EOUTPUT',
        `Cannot write the report to '${options.output}' (${reason})`,
        {
          hint: 'check that the directory exists and is writable',
          cause: error,
        },
      );
    }
  }

  const color = Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined;
  const text = redact(
    await renderReport(report, options.format, { color, verbose: options.verbose }),
  );
  if (options.quiet && options.format === 'text') {
    io.stdout.write(`${text.trimEnd().split('\n').at(-1)}\n`);
  } else {
    io.stdout.write(text);
  }

  return report.summary.exitCode;
}
