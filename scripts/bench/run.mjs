// Runs every benchmark of SPEC section 8 and prints the figures beside their budgets as Markdown,
// ready for docs/performance.md; `--json FILE` also saves the raw numbers. Run it through
// scripts/bench.sh, which installs the outside tools and builds first.
import { writeFileSync } from 'node:fs';

import { measureAwsLatency } from './aws-latency.mjs';
import { measureLargeVpc } from './large-vpc.mjs';
import { describeMachine } from './machine.mjs';
import { TIDB_PE, peakMemory, timeCommands } from './measure.mjs';

const { startSimulation } = await import('../../dist/src/simulate/index.js');

const jsonIndex = process.argv.indexOf('--json');
const jsonFile = jsonIndex > 0 ? process.argv[jsonIndex + 1] : undefined;
const step = (text) => process.stderr.write(`bench: ${text}\n`);

step('describing the machine');
const machine = await describeMachine();

step('cold start: node -e 0, --version, rules list');
const [bare, version, rulesList] = await timeCommands(
  [`${process.execPath} -e 0`, `${TIDB_PE} --version`, `${TIDB_PE} rules list`],
  { runs: 30, warmup: 3 },
);

step('doctor --simulate healthy, whole process');
const [healthy] = await timeCommands([`${TIDB_PE} doctor --simulate healthy`], {
  runs: 10,
  warmup: 2,
});

step('peak memory of doctor');
const simulatedMemory = await peakMemory(['doctor', '--simulate', 'healthy', '--format', 'json']);
const aloneMemory = await doctorAloneMemory();

step('AWS answering every call after 100 ms, against the AWS CLI (about a minute)');
const latency = await measureAwsLatency();

step('a VPC with 500 endpoints and 5,000 security-group rules');
const large = await measureLargeVpc();

const figures = { machine, bare, version, rulesList, healthy, latency, large };
Object.assign(figures, { simulatedMemoryMb: simulatedMemory.mb, aloneMemoryMb: aloneMemory });
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
process.stdout.write(renderMarkdown(figures));

// The doctor by itself, without the simulated servers in its process: the servers run here.
async function doctorAloneMemory() {
  const simulation = await startSimulation('healthy');
  try {
    const { target, env } = simulation;
    const { mb, result } = await peakMemory(
      [
        ...['doctor', '--no-live', '--format', 'json', '--region', target.region],
        ...['--service-name', target.serviceName, '--host', target.host],
        ...['--tidb-cluster-id', target.tidbClusterId],
      ],
      { ...process.env, ...env, AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL_EC2 },
    );
    if (result.code !== 0) throw new Error(`doctor exited ${result.code}: ${result.stderr}`);

    return mb;
  } finally {
    await simulation.stop();
  }
}

function renderMarkdown(f) {
  const ms = (value) => `${Math.round(value)} ms`;
  const ratio = (value) => `${value.toFixed(2)}×`;
  const verdict = (ok) => (ok ? 'met' : '**missed**');
  const cold = (result) => result.median / f.bare.median;
  const rows = [
    ['`node -e 0` (the baseline)', ms(f.bare.median), '', ''],
    [
      '`tidb-pe --version`',
      `${ms(f.version.median)} (${ratio(cold(f.version))})`,
      '≤ 2× baseline',
      verdict(cold(f.version) <= 2),
    ],
    [
      '`tidb-pe rules list`',
      `${ms(f.rulesList.median)} (${ratio(cold(f.rulesList))})`,
      '≤ 2× baseline',
      verdict(cold(f.rulesList) <= 2),
    ],
    [
      '`doctor --simulate healthy`, whole process',
      ms(f.healthy.median),
      '< 1,500 ms',
      verdict(f.healthy.median < 1500),
    ],
    [
      'doctor, every AWS call delayed 100 ms: round trips of wall time the delay added',
      f.latency.roundTrips.toFixed(2),
      '< 5',
      verdict(f.latency.roundTrips < 5),
    ],
    ['the same, whole process', ms(f.latency.doctorWallMs), '', ''],
    [
      `the AWS CLI, ${f.latency.awsCliCalls} Describe calls one after another`,
      `${ms(f.latency.awsCliWallMs)} (doctor ${ratio(f.latency.speedup)} faster)`,
      '≥ 10× slower than doctor',
      verdict(f.latency.speedup >= 10),
    ],
    [
      'peak memory, `doctor --simulate healthy` (simulated servers in the same process)',
      `${f.simulatedMemoryMb.toFixed(0)} MB`,
      '< 150 MB',
      verdict(f.simulatedMemoryMb < 150),
    ],
    [
      'peak memory, doctor alone against the servers in another process',
      `${f.aloneMemoryMb.toFixed(0)} MB`,
      '< 150 MB',
      verdict(f.aloneMemoryMb < 150),
    ],
    [
      `rules over the large VPC's facts (median of 20; first run ${ms(f.large.rulesFirstMs)})`,
      `${f.large.rulesMs.median.toFixed(1)} ms`,
      '< 100 ms',
      verdict(f.large.rulesMs.median < 100),
    ],
    ['doctor on the large VPC, whole process (median of 5)', ms(f.large.doctorMs.median), '', ''],
    [
      `doctor on the large VPC, throttling injected (median of 5; slowest ${ms(f.large.throttledDoctorMs.max)})`,
      ms(f.large.throttledDoctorMs.median),
      '< 10,000 ms',
      verdict(f.large.throttledDoctorMs.median < 10_000),
    ],
    [
      'peak memory, doctor on the large VPC',
      `${f.large.doctorPeakMb.toFixed(0)} MB`,
      '< 150 MB',
      verdict(f.large.doctorPeakMb < 150),
    ],
  ];
  const m = f.machine;

  return [
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, Node.js ${m.node}; ${m.hyperfine}; ${m.awsCli}. Timing by ${f.bare.tool}.`,
    '',
    '| what | measured | budget | verdict |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...f.latency.warnings.map(
      (warning) => `Note: a doctor run against the delayed API ended ${warning}.`,
    ),
    '',
    `Large VPC: ${f.large.endpoints} endpoints, ${f.large.securityGroupRules} security-group rules; ${f.large.throttledRequests} EC2 requests in the throttled run. Doctor with 100 ms delay: report ${ms(f.latency.doctorReportMs)}, ${ms(f.latency.doctorReportMsWithoutDelay)} without the delay, ${f.latency.ec2Requests} EC2 requests.`,
    '',
  ].join('\n');
}
