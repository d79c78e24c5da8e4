import type { Io } from './main.js';
import { FORMATS } from './options.js';

/** One flag of a command. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in help, for string options. */
  value?: string;
  describe: string;
}

/** One command: what it is called, what it takes, and how to run it once parsed. */
export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  positionals: { min: number; max: number };
  options: readonly OptionSpec[];
  run(
    values: Record<string, string | boolean | undefined>,
    positionals: string[],
    io: Io,
  ): Promise<number>;
}

const COMMON: readonly OptionSpec[] = [
  { name: 'verbose', short: 'v', type: 'boolean', describe: 'more detail on stderr' },
  { name: 'help', short: 'h', type: 'boolean', describe: 'show this help' },
];

const OUTPUT: readonly OptionSpec[] = [
  {
    name: 'format',
    type: 'string',
    value: FORMATS.join('|'),
    describe: 'output format (default text)',
  },
  { name: 'json', type: 'boolean', describe: 'same as --format json' },
  {
    name: 'output',
    type: 'string',
    value: 'file',
    describe: 'also write the JSON report there (mode 0600)',
  },
  {
    name: 'lang',
    type: 'string',
    value: 'en|ja',
    describe: 'language of titles, messages and fixes (default en)',
  },
  { name: 'strict', type: 'boolean', describe: 'warnings also fail the run' },
  { name: 'quiet', type: 'boolean', describe: 'print only the result line' },
];

// Commands load their modules only when run, so `--version` and `--help` stay cheap.
/** Every command of the tool, in the order help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'doctor',
    usage: 'tidb-pe doctor [options]',
    summary: 'Check the endpoint, the network path and the cluster, and say what to fix',
    positionals: { min: 0, max: 0 },
    options: [
      {
        name: 'vpc-endpoint-id',
        type: 'string',
        value: 'vpce-…',
        describe: 'the interface endpoint to check (default: discovered)',
      },
      {
        name: 'service-name',
        type: 'string',
        value: 'name',
        describe: 'the endpoint service name from the TiDB Cloud console',
      },
      {
        name: 'host',
        type: 'string',
        value: 'name',
        describe:
          "the cluster's private endpoint host name (default: the service's private DNS name)",
      },
      { name: 'port', type: 'string', value: 'n', describe: "the cluster's port (default 4000)" },
      {
        name: 'region',
        type: 'string',
        value: 'region',
        describe: 'AWS region (default: environment, then instance metadata)',
      },
      { name: 'profile', type: 'string', value: 'name', describe: 'AWS profile' },
      {
        name: 'instance-id',
        type: 'string',
        value: 'i-…',
        describe: 'the client host to judge (default: this instance)',
      },
      {
        name: 'resolver',
        type: 'string',
        value: 'ip[:port]',
        describe: 'a DNS server to ask directly (default: the VPC resolver on EC2)',
      },
      {
        name: 'user',
        type: 'string',
        value: 'name',
        describe: 'also log in as this user; the password comes from TIDB_PASSWORD',
      },
      {
        name: 'tls',
        type: 'string',
        value: 'off|preferred|required',
        describe: 'TLS on the MySQL connection (default preferred)',
      },
      {
        name: 'ca',
        type: 'string',
        value: 'file',
        describe: 'CA file to verify the server certificate (default: system CAs)',
      },
      ...OUTPUT,
      {
        name: 'timeout',
        type: 'string',
        value: 'seconds',
        describe: 'one deadline for the whole run (default 30)',
      },
      { name: 'no-live', type: 'boolean', describe: 'skip the live probes' },
      {
        name: 'live-only',
        type: 'boolean',
        describe: 'skip AWS, run only the live probes (needs --host)',
      },
      {
        name: 'simulate',
        type: 'string',
        value: 'scenario',
        describe: "run against a built-in simulated account ('list' lists them)",
      },
      {
        name: 'tidb-cluster-id',
        type: 'string',
        value: 'id',
        describe:
          'also ask the TiDB Cloud API (keys from TIDB_CLOUD_PUBLIC_KEY, TIDB_CLOUD_PRIVATE_KEY)',
      },
      ...COMMON,
    ],
    async run(values, _positionals, io) {
      const { runDoctorCommand } = await import('./commands/doctor.js');

      return runDoctorCommand({ ...camelCase(values), live: !values['no-live'] }, io);
    },
  },
  {
    name: 'rules',
    usage: 'tidb-pe rules [list | explain <id>] [options]',
    summary: 'List the rule catalogue, or explain one rule in full',
    positionals: { min: 0, max: 2 },
    options: [
      { name: 'lang', type: 'string', value: 'en|ja', describe: 'language (default en)' },
      { name: 'json', type: 'boolean', describe: 'print JSON' },
      ...COMMON,
    ],
    async run(values, [action, id], io) {
      const { runRulesCommand } = await import('./commands/rules.js');

      return runRulesCommand(
        { ...camelCase(values), ...(action && { action }), ...(id && { id }) },
        io,
      );
    },
  },
  {
    name: 'replay',
    usage: 'tidb-pe replay <report.json> [options]',
    summary: "Re-run today's rules on the facts of a saved JSON report, offline",
    positionals: { min: 1, max: 1 },
    options: [...OUTPUT, ...COMMON],
    async run(values, [report], io) {
      const { runReplayCommand } = await import('./commands/replay.js');

      return runReplayCommand({ ...camelCase(values), ...(report && { report }) }, io);
    },
  },
  {
    name: 'iam-policy',
    usage: 'tidb-pe iam-policy',
    summary: 'Print the least-privilege, read-only IAM policy tidb-pe needs',
    positionals: { min: 0, max: 0 },
    options: COMMON,
    async run(_values, _positionals, io) {
      const { runIamPolicyCommand } = await import('./commands/iam-policy.js');

      return runIamPolicyCommand(io);
    },
  },
];

/** `vpc-endpoint-id` becomes `vpcEndpointId`, as the commands name their arguments. */
function camelCase(values: Record<string, string | boolean | undefined>) {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key.replace(/-([a-z])/g, (_whole, letter: string) => letter.toUpperCase()),
      value,
    ]),
  );
}
