/**
 * The AWS managed policies the pack holds in full, by ARN, so the path checks evaluate a role that
 * holds them like any other grant: AWS Backup's service-role policies (backupServicePolicies.ts)
 * and the role RDS Enhanced Monitoring publishes with. Source: AWS's managed policy reference
 * (docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html), at the version named.
 */
import { BACKUP_DOCUMENTS, ManagedDocument } from "./backupServicePolicies";

/** What RDS does as an instance's monitoringRoleArn (lib/facts/metricProducers.ts ENHANCED_MONITORING_REQUESTS). */
const RDS_ENHANCED_MONITORING: ManagedDocument = {
    arn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    version: "v1",
    statements: [
        { Sid: "EnableCreationAndManagementOfRDSCloudwatchLogGroups", Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"], Resource: ["arn:aws:logs:*:*:log-group:RDS*"] },
        {
            Sid: "EnableCreationAndManagementOfRDSCloudwatchLogStreams", Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"], Resource: ["arn:aws:logs:*:*:log-group:RDS*:log-stream:*"],
        },
    ],
};

const DOCUMENTS = new Map([...BACKUP_DOCUMENTS, RDS_ENHANCED_MONITORING].map((d) => [d.arn, d]));

/** The document of an AWS managed policy ARN the pack holds for path evaluation; undefined for any other. */
export function awsManagedDocument(arn: string): ManagedDocument | undefined {
    return DOCUMENTS.get(arn);
}
