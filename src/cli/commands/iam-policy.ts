import type { Io } from '../main.js';
import { EC2_ACTIONS } from '../../collect/ec2-actions.js';
import { ROUTE53_ACTIONS } from '../../collect/route53.js';
import { EXIT } from '../../engine/exit-code.js';

/** The least-privilege policy, built from the actions the collectors declare. */
export function iamPolicy() {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TidbPeReadEc2',
        Effect: 'Allow',
        Action: [...EC2_ACTIONS].sort(),
        // EC2 Describe actions do not support resource-level permissions.
        Resource: '*',
      },
      {
        Sid: 'TidbPeReadDnsRouting',
        Effect: 'Allow',
        Action: [...ROUTE53_ACTIONS].sort(),
        Resource: '*',
      },
    ],
  };
}

/** Prints the IAM policy tidb-pe needs, as JSON ready for `aws iam create-policy`. */
export async function runIamPolicyCommand(io: Io): Promise<number> {
  io.stdout.write(`${JSON.stringify(iamPolicy(), null, 2)}\n`);

  return EXIT.ok;
}
