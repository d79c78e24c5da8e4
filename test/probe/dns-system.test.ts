import { describe, expect, it } from 'vitest';

import { probeSystemDns, rcodeOfLookupError } from '../../src/probe/dns-system.js';

// Only names the hosts file answers are looked up here, so that no query leaves the machine.
describe('probeSystemDns', () => {
  it('resolves localhost through the hosts file, as the application would', async () => {
    const lookup = await probeSystemDns('localhost', { timeoutMs: 2000 });

    expect(lookup).toMatchObject({ name: 'localhost', resolver: 'system', rcode: 'NOERROR' });
    expect(lookup.answers).toContainEqual({ type: 'A', data: '127.0.0.1' });
    expect(lookup.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives an address back as its own answer', async () => {
    const lookup = await probeSystemDns('127.0.0.1', { timeoutMs: 2000 });

    expect(lookup.answers).toEqual([{ type: 'A', data: '127.0.0.1' }]);
  });

  it('rejects with the reason when the signal has aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));

    await expect(
      probeSystemDns('localhost', { timeoutMs: 2000, signal: controller.signal }),
    ).rejects.toThrow('stopped');
  });
});

describe('rcodeOfLookupError', () => {
  it.each([
    ['ENOTFOUND', 'NXDOMAIN'],
    ['ENODATA', 'NOERROR'],
    ['EAI_AGAIN', 'SERVFAIL'],
    ['EREFUSED', 'REFUSED'],
    ['ETIMEOUT', 'TIMEOUT'],
    ['EBADNAME', 'ERROR'],
  ])('reads %s as %s', (code, rcode) => {
    expect(rcodeOfLookupError(code)).toBe(rcode);
  });
});
