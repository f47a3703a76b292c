/**
 * Inputs that have a write-only twin (`x` beside `xWo`) in the AWS provider (v7), by resource
 * type. Generated from @pulumi/aws's type declarations by tools/writeOnlyTwins.js; do not edit.
 */
export const WRITE_ONLY_TWINS: Readonly<Record<string, readonly string[]>> = {
    "aws:acm/certificate:Certificate": ["privateKey"],
    "aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider": ["apiKey"],
    "aws:docdb/cluster:Cluster": ["masterPassword"],
    "aws:elasticache/replicationGroup:ReplicationGroup": ["authToken"],
    "aws:elasticache/user:User": ["passwords"],
    "aws:rds/cluster:Cluster": ["masterPassword"],
    "aws:rds/instance:Instance": ["password"],
    "aws:redshift/cluster:Cluster": ["masterPassword"],
    "aws:redshiftserverless/namespace:Namespace": ["adminUserPassword"],
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretString"],
    "aws:ssm/parameter:Parameter": ["value"],
    "aws:transfer/hostKey:HostKey": ["hostKeyBody"],
};
