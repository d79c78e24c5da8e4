/** The scenarios shown in the documentation. */
export const EXAMPLE_SCENARIOS: readonly string[];
/** Replaces what differs between two runs of the same scenario with fixed values. */
export function normalise(text: string): string;
/** Runs one scenario as a user would and returns its normalised output in a format. */
export function runExample(scenario: string, format: string): Promise<string>;
