/** Writes one debug line under a namespace (`aws`, `dns`, `mysql`, `rules`, ...). */
export type Debug = (namespace: string, message: string) => void;

/** A logger that does nothing: debug output is free when it is off. */
export const silent: Debug = () => undefined;

/**
 * A debug logger on `stream` for the namespaces enabled (`*` for all). Every line passes through
 * redaction, so a secret handed to a library and echoed back in an error never reaches stderr.
 */
export function createDebug(
  stream: NodeJS.WritableStream,
  namespaces: readonly string[],
  secrets: readonly string[],
): Debug {
  if (namespaces.length === 0) return silent;

  const all = namespaces.includes('*');
  const redact = redactor(secrets);

  return (namespace, message) => {
    if (!all && !namespaces.includes(namespace)) return;
    stream.write(`tidb-pe:${namespace} ${redact(message)}\n`);
  };
}

/** Replaces every occurrence of each secret (of 6 characters or more; shorter ones would mangle ordinary words) with `***`. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const worth = secrets.filter((secret) => secret.length >= 6);

  return (text) => worth.reduce((out, secret) => out.split(secret).join('***'), text);
}
