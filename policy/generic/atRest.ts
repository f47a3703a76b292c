import { Props } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { all, Check, each, given, is, never, onlyIf, Rules } from "./checks";
import { concernPolicy, standalone } from "./concern";
import { execLogsEncrypted } from "./ecsExec";

/** The key at `path` must be a customer-managed one: set, and not an AWS managed alias (`alias/aws/…`). */
function customerKey(path: string, why: string): Check {
    const present = given(path, why);
    return (props, config) => {
        const missing = present(props, config);
        return missing.length > 0 ? missing : isAwsManagedKeyAlias(props[path]) ? [`${path} is ${JSON.stringify(props[path])}: ${why.replace(/^the \w+ is under/, "that is")}`] : [];
    };
}

/** SSE-SQS is on unless switched off; a KMS key replaces it. */
function queueEncrypted(props: Props): string[] {
    return props.sqsManagedSseEnabled === false && !props.kmsMasterKeyId ? ["sqsManagedSseEnabled is false and no kmsMasterKeyId is set: messages are stored unencrypted"] : [];
}

/**
 * Types that can store data unencrypted, and the setting that prevents it. Types AWS always
 * encrypts (DynamoDB, MSK, MemoryDB, serverless caches, Amazon MQ, Redshift Serverless) have no
 * rule; RDS instances, S3 buckets, ElastiCache replication groups, SNS topics and KMS keys have
 * their own policies.
 */
export const AT_REST: Rules = {
    "aws:rds/cluster:Cluster": is("storageEncrypted", true),
    "aws:rds/globalCluster:GlobalCluster": onlyIf(p => !p.sourceDbClusterIdentifier, is("storageEncrypted", true)),
    "aws:docdb/cluster:Cluster": is("storageEncrypted", true),
    "aws:docdb/globalCluster:GlobalCluster": onlyIf(p => !p.sourceDbClusterIdentifier, is("storageEncrypted", true)),
    "aws:neptune/cluster:Cluster": is("storageEncrypted", true),
    "aws:neptune/globalCluster:GlobalCluster": onlyIf(p => !p.sourceDbClusterIdentifier, is("storageEncrypted", true)),
    "aws:elasticache/cluster:Cluster": onlyIf(standalone, never("a standalone cache cluster cannot encrypt its data at rest; run it as a replication group with atRestEncryptionEnabled")),
    "aws:efs/fileSystem:FileSystem": is("encrypted", true),
    "aws:opensearch/domain:Domain": is("encryptAtRest.enabled", true),
    "aws:elasticsearch/domain:Domain": is("encryptAtRest.enabled", true),
    "aws:redshift/cluster:Cluster": is("encrypted", true, true),
    "aws:sqs/queue:Queue": queueEncrypted,
    // CloudWatch Logs always encrypts, with a key AWS owns: anyone the account lets read logs reads
    // them. Log events can carry personal data, so a customer-managed key makes its key policy the gate.
    "aws:cloudwatch/logGroup:LogGroup": given("kmsKeyId", "log events are readable by anyone the account lets read logs; a customer-managed key makes its key policy decide"),
    // Credentials: under the AWS managed key (aws/secretsmanager, aws/ssm) anyone the account lets
    // decrypt with it reads them, and no other account or region can be granted it for a copy.
    "aws:secretsmanager/secret:Secret": customerKey("kmsKeyId", "the secret is under the AWS managed key aws/secretsmanager; a customer-managed key makes its key policy decide who reads it"),
    "aws:ssm/parameter:Parameter": onlyIf(p => p.type === "SecureString",
        customerKey("keyId", "the SecureString is under the AWS managed key aws/ssm; a customer-managed key makes its key policy decide who reads it")),
    "aws:kinesis/stream:Stream": is("encryptionType", "KMS"),
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": is("serverSideEncryption.enabled", true),
    "aws:dax/cluster:Cluster": is("serverSideEncryption.enabled", true),
    "aws:ebs/volume:Volume": is("encrypted", true),
    "aws:ebs/snapshotCopy:SnapshotCopy": is("encrypted", true),
    "aws:ebs/encryptionByDefault:EncryptionByDefault": is("enabled", true, true),
    "aws:ec2/instance:Instance": all(is("rootBlockDevice.encrypted", true), each("ebsBlockDevices", is("encrypted", true))),
    "aws:ecs/cluster:Cluster": execLogsEncrypted,
    "aws:ec2/launchTemplate:LaunchTemplate": each("blockDeviceMappings", onlyIf(m => m.ebs !== undefined, is("ebs.encrypted", "true"))),
};

export const dataEncryptedAtRest = concernPolicy({
    name: "data-encrypted-at-rest",
    description: "Every other resource type that stores data (Aurora, DocumentDB and Neptune clusters, cache clusters, EFS, OpenSearch and Elasticsearch, Redshift, SQS, Kinesis, Firehose, DAX, EBS volumes and instances' disks, ECS Exec session logs) encrypts it at rest; log groups, Secrets Manager secrets and SecureString parameters use a customer-managed key.",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices (personal and payment data at rest)",
        fsbpControl: "EC2.3",
        remediationSteps: "Turn on the type's encryption setting named in the message (storageEncrypted, encrypted, encryptAtRest.enabled, encryptionType KMS …), with a customer-managed KMS key where the type takes one; this usually replaces the resource.",
    },
    rules: AT_REST,
});
