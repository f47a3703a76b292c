/** Class 5: the effective value counts: outputs where the state has them (drift), inputs for a new resource. */
import { add, Case, drift, named, suite, tags } from "./support";

const DB = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";

const violations: Case[] = [
    { name: "database deletion protection turned off in the console", change: drift(DB, p => { p.deletionProtection = false; }) },
    { name: "database backups cut to one day outside Pulumi", change: drift(DB, p => { p.backupRetentionPeriod = 1; }) },
    { name: "cache TLS switched off outside Pulumi", change: drift(CACHE, p => { p.transitEncryptionEnabled = false; }) },
    { name: "bucket public access block relaxed outside Pulumi", change: drift("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", p => { p.blockPublicPolicy = false; p.restrictPublicBuckets = false; }, r => r.inputs.bucket === "expertconnect-backup") },
    { name: "ssh opened to the world on an ingress rule outside Pulumi", change: drift("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", p => { p.cidrIpv4 = "0.0.0.0/0"; p.fromPort = 22; p.toPort = 22; delete p.referencedSecurityGroupId; }, r => r.inputs.fromPort === 5432) },
    { name: "key rotation disabled outside Pulumi", change: drift("aws:kms/key:Key", p => { p.enableKeyRotation = false; }, named("database-key")) },
    { name: "ECR tags made mutable outside Pulumi", change: drift("aws:ecr/repository:Repository", p => { p.imageTagMutability = "MUTABLE"; }) },
    { name: "trail logging stopped outside Pulumi", change: drift("aws:cloudtrail/trail:Trail", p => { p.enableLogging = false; }) },
    { name: "log group retention shortened outside Pulumi", change: drift("aws:cloudwatch/logGroup:LogGroup", p => { p.retentionInDays = 1; }) },
    { name: "role trust widened to * outside Pulumi", change: drift("aws:iam/role:Role", p => { p.assumeRolePolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }); }, named("backend-roles-task")) },
    { name: "load balancer stops dropping invalid headers outside Pulumi", change: drift("aws:lb/loadBalancer:LoadBalancer", p => { p.dropInvalidHeaderFields = false; }) },
    // Advisory in the pack's code, mandatory by the stacks' policy config (state-drift.mandatoryByConfig says so to the state pass).
    { name: "backend container's root filesystem made writable in a task definition revision registered outside Pulumi", change: drift("aws:ecs/taskDefinition:TaskDefinition", p => {
        const list = JSON.parse(p.containerDefinitions); list[0].readonlyRootFilesystem = false; p.containerDefinitions = JSON.stringify(list);
    }, named("backend-task")) },
    { name: "database auto minor version upgrade switched off in the console", change: drift(DB, p => { p.autoMinorVersionUpgrade = false; }) },
    { name: "a new resource judged by its inputs (unencrypted log group kept a day)", change: add("aws:cloudwatch/logGroup:LogGroup", "scratch", { name: "/expertconnect/prod/scratch", retentionInDays: 1, tags: tags("scratch") }, { outputs: {} }) },
];

const compliant: Case[] = [
    { name: "state carries provider-added tagsAll", change: drift(DB, p => { p.tagsAll = { ...p.tags, "aws:cloudformation:stack-name": "legacy" }; }) },
    { name: "state holds the full engine version the major version resolved to", change: drift(DB, p => { p.engineVersion = "16.4"; p.engineVersionActual = "16.4"; }) },
    { name: "state holds a longer backup retention than the program", change: drift(DB, p => { p.backupRetentionPeriod = 30; }) },
    // A new resource's outputs are planned from its inputs (the engine copies them), not empty.
    { name: "a new compliant log group, outputs planned from its inputs", change: add("aws:cloudwatch/logGroup:LogGroup", "scratch-ok", { name: "/expertconnect/prod/scratch", retentionInDays: 90, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66", tags: tags("scratch") }) },
];

suite("adversarial class 5: drift and effective values", violations, compliant);
