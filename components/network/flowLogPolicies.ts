import { policyDocument, serviceAssumeRolePolicy } from "../../lib/iam";

/** Trust policy of the flow-log role: VPC Flow Logs, for this account's flow logs only. */
export function flowLogsTrustPolicy(accountId: string, region: string): string {
    return serviceAssumeRolePolicy(
        "vpc-flow-logs.amazonaws.com",
        accountId,
        `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*`,
    );
}

/** What the flow-log role may do: write streams and events into its one log group, nothing else. */
export function flowLogsWritePolicy(logGroupArn: string): string {
    return policyDocument([{
        Sid: "WriteFlowLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
    }]);
}
