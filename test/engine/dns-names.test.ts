import { describe, expect, it } from 'vitest';

import {
  isSameDnsName,
  isSameOrParentDomain,
  mostSpecificMatch,
  normalizeDnsName,
} from '../../src/engine/dns-names.js';

const HOST = 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com';

describe('normalizeDnsName', () => {
  it('lowers case, drops the trailing dot and decodes Route 53 octal escapes', () => {
    expect(normalizeDnsName('Clusters.TiDB-Cloud.com.')).toBe('clusters.tidb-cloud.com');
    expect(normalizeDnsName('\\052.example.com.')).toBe('*.example.com');
    expect(normalizeDnsName('.')).toBe('');
  });
});

describe('isSameOrParentDomain', () => {
  it.each([
    ['tidb-cloud.com.', true],
    ['CLUSTERS.tidb-cloud.com', true],
    [`${HOST}.`, true],
    ['.', true],
    ['com', true],
    ['cloud.com', false],
    ['d-cloud.com', false],
    ['other.tidb-cloud.com', false],
    [`x.${HOST}`, false],
  ])('%s covers the cluster name: %s', (domain, expected) => {
    expect(isSameOrParentDomain(domain, HOST)).toBe(expected);
  });
});

describe('isSameDnsName', () => {
  it('compares without case or trailing dot', () => {
    expect(isSameDnsName(`${HOST.toUpperCase()}.`, HOST)).toBe(true);
    expect(isSameDnsName('tidb-cloud.com', HOST)).toBe(false);
  });
});

describe('mostSpecificMatch', () => {
  it('picks the longest domain that covers the name', () => {
    const domains = ['.', 'tidb-cloud.com.', 'clusters.tidb-cloud.com', 'example.com'];

    expect(mostSpecificMatch(domains, (d) => d, HOST)).toBe('clusters.tidb-cloud.com');
    expect(mostSpecificMatch(['example.com'], (d) => d, HOST)).toBeUndefined();
  });
});
