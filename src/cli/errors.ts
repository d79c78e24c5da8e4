/** An error the tool expects and can explain; `code` is stable, `hint` says what to do next. */
export class TidbPeError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TidbPeError';
    this.code = code;
    if (options.hint) this.hint = options.hint;
  }
}

/** A bad flag or value: nothing was run, and the process exits 64. */
export class UsageError extends TidbPeError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('EUSAGE', message, options);
    this.name = 'UsageError';
  }
}
