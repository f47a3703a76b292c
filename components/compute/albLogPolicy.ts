import type { PolicyStatement } from "../../lib/iam";

/**
 * Bucket-policy statement that lets Elastic Load Balancing deliver access logs. us-east-1 and
 * us-west-2 are regions from before August 2022, where delivery comes from the regional ELB
 * account (aws.elb.getServiceAccount), not the `logdelivery.elasticloadbalancing` principal.
 * Only this account's prefix is writable.
 */
export function albLogDeliveryStatement(bucketArn: string, prefix: string, elbAccountArn: string, accountId: string): PolicyStatement {
    return {
        Sid: "ElbAccessLogDelivery",
        Effect: "Allow",
        Principal: { AWS: elbAccountArn },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/${prefix}/AWSLogs/${accountId}/*`,
    };
}
