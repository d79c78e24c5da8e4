import { readFileSync } from 'node:fs';

// The real servers come from scripts/test-services.sh, which `npm test` runs. A missing variable
// means they were not started: that is a failure to report, never a reason to skip.

/** The value of one test-service variable, or an error that says how to start the services. */
export function serviceEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the probe tests through 'npm test', or start the services with 'bash scripts/test-services.sh start' and source .test-services/env`,
    );
  }

  return value;
}

/** Where the MariaDB test server listens and who may log in. */
export function mariadb() {
  return {
    host: serviceEnv('TIDB_PE_TEST_MARIADB_HOST'),
    port: Number(serviceEnv('TIDB_PE_TEST_MARIADB_PORT')),
    user: serviceEnv('TIDB_PE_TEST_MARIADB_USER'),
    password: serviceEnv('TIDB_PE_TEST_MARIADB_PASSWORD'),
  };
}

/** The dnsmasq test server (`127.0.0.1:port`) and its zone. */
export function dnsmasq() {
  return { resolver: serviceEnv('TIDB_PE_TEST_DNS'), zone: serviceEnv('TIDB_PE_TEST_DNS_ZONE') };
}

/** The test CA, and the certificates it signed, read from disk. */
export function certificates() {
  const read = (name: string) => readFileSync(serviceEnv(name), 'utf8');

  return {
    caFile: serviceEnv('TIDB_PE_TEST_TLS_CA'),
    ca: read('TIDB_PE_TEST_TLS_CA'),
    serverName: serviceEnv('TIDB_PE_TEST_TLS_NAME'),
    server: { cert: read('TIDB_PE_TEST_TLS_CERT'), key: read('TIDB_PE_TEST_TLS_KEY') },
    localhost: {
      cert: read('TIDB_PE_TEST_TLS_LOCALHOST_CERT'),
      key: read('TIDB_PE_TEST_TLS_LOCALHOST_KEY'),
    },
    short: { cert: read('TIDB_PE_TEST_TLS_SHORT_CERT'), key: read('TIDB_PE_TEST_TLS_SHORT_KEY') },
  };
}
