import type { Io } from '../main.js';
import { replayReport } from '../../replay.js';
import { validateFormat, validateLang } from '../options.js';
import { emitReport } from './output.js';

/** Flags of `tidb-pe replay`. */
export interface ReplayArgs {
  report?: string;
  format?: string;
  json?: boolean;
  output?: string;
  lang?: string;
  strict?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** Re-evaluates a saved report and prints it like a fresh one. */
export async function runReplayCommand(args: ReplayArgs, io: Io): Promise<number> {
  const format = validateFormat(args.format, args.json);
  const lang = validateLang(args.lang);
  const report = await replayReport({
    file: args.report ?? '',
    lang,
    strict: Boolean(args.strict),
  });

  return emitReport(
    report,
    {
      format,
      verbose: Boolean(args.verbose),
      quiet: Boolean(args.quiet),
      ...(args.output && { output: args.output }),
    },
    io,
  );
}
