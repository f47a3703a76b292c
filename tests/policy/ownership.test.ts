/**
 * ownership-references, adversarially: fields that must name this stack's own resources (keys,
 * alarm actions, backup selections, replication targets, replica sources, log destinations,
 * roles, images) pointed at another account, at every account, or at nothing in the stack.
 */
import { ownershipReferences } from "../../policy/ownership/references";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";
import { adding, BUCKET_ARN, find, FOREIGN, iamStack, KEY_ARN, REGION, ROLE_ARN, TOPIC_ARN } from "./support/iam";

const DB_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-db`;
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/vpc/expertconnect-prod-flow-logs`;
const DR_KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/1cd2001c-8305-4679-a382-559a5eab60cb`;
const foreign = (arn: string) => arn.replace(ACCOUNT, FOREIGN);
const unnamed = (arn: string) => arn.replace(/[^/:]+$/, "not-in-this-stack");

function stack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:rds/instance:Instance", name: "database", props: { arn: DB_ARN, kmsKeyId: KEY_ARN, performanceInsightsKmsKeyId: KEY_ARN }, propertyDependencies: { kmsKeyId: ["key"] } },
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "flow-logs", props: { arn: LOG_GROUP_ARN, kmsKeyId: KEY_ARN } },
        {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "cpu-alarm",
            props: {
                alarmActions: [TOPIC_ARN, `arn:aws:swf:${REGION}:${ACCOUNT}:action/actions/AWS_EC2.InstanceId.Reboot/1.0`, `arn:aws:ssm:${REGION}:${ACCOUNT}:opsitem:2`],
                okActions: [TOPIC_ARN, `arn:aws:automate:${REGION}:ec2:recover`],
            },
        },
        { type: "aws:backup/selection:Selection", name: "backup-selection", props: { iamRoleArn: ROLE_ARN, resources: [DB_ARN] } },
        { type: "aws:ec2/flowLog:FlowLog", name: "flow-log", props: { logDestination: LOG_GROUP_ARN, iamRoleArn: ROLE_ARN } },
        {
            type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "replication",
            props: { role: ROLE_ARN, rules: [{ status: "Enabled", destination: { bucket: BUCKET_ARN, encryptionConfiguration: { replicaKmsKeyId: KEY_ARN } } }] },
        },
        {
            type: "aws:ecs/taskDefinition:TaskDefinition", name: "task",
            props: { taskRoleArn: ROLE_ARN, containerDefinitions: JSON.stringify([{ name: "backend", image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend:1.4.2` }]) },
        },
    ];
}

const setProp = (name: string, change: (props: Record<string, any>) => void) => (s: StackResourceInput[]) => change(find(s, name).props);

describe("ownership-references", () => {
    stackTable(ownershipReferences, stack(), {
        passes: {
            "the dr replica's source is prod's database in the other region": {
                change: adding({ type: "aws:rds/instance:Instance", name: "replica", props: { replicateSourceDb: `arn:aws:rds:us-west-2:${ACCOUNT}:db:expertconnect-prod-db`, kmsKeyId: KEY_ARN } }),
            },
            "a backup copy goes to a vault of this account in the recovery region": {
                change: adding({ type: "aws:backup/plan:Plan", name: "plan", props: { rules: [{ copyActions: [{ destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:copy` }] }] } }),
            },
            "a cross-region key of this account for a replica": { change: setProp("replication", p => { p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = DR_KEY; }) },
            "a key that a referenced stack exports (prod's replica key, used by dr)": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { replicaKeyArn: unnamed(KEY_ARN) } } });
                    find(s, "database").props.kmsKeyId = unnamed(KEY_ARN);
                },
            },
            "an AWS managed key alias": { change: setProp("flow-logs", p => { p.kmsKeyId = "alias/aws/logs"; }) },
            "a key referenced by its key id": { change: setProp("database", p => { p.kmsKeyId = KEY_ARN.split("/")[1]; }) },
            "references not yet known (preview)": { change: setProp("cpu-alarm", p => { p.alarmActions = [UNKNOWN]; }) },
            "a partner account listed as trusted": { change: setProp("cpu-alarm", p => { p.alarmActions = [foreign(TOPIC_ARN)]; }), config: { trustedAccountIds: [FOREIGN] } },
            "AWS's rotation application from the Serverless Application Repository": {
                change: adding({ type: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", name: "rotation", props: { applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser" } }),
            },
        },
        violations: {
            "pack config says the stack lives in another account than its references": { config: { accountId: FOREIGN }, message: new RegExp(`names account ${ACCOUNT}`) },
            "a database encrypted with another account's key": { change: setProp("database", p => { p.kmsKeyId = foreign(KEY_ARN); }), message: new RegExp(`database.*kmsKeyId.*${FOREIGN}`) },
            "Performance Insights under another account's key": { change: setProp("database", p => { p.performanceInsightsKmsKeyId = foreign(KEY_ARN); }), message: /performanceInsightsKmsKeyId/ },
            "a key of this account that is no key of the stack": { change: setProp("database", p => { p.kmsKeyId = unnamed(KEY_ARN); }), message: /kmsKeyId.*no resource of this stack/ },
            "a topic encrypted with another account's key alias": { change: setProp("alarms", p => { p.kmsMasterKeyId = `arn:aws:kms:${REGION}:${FOREIGN}:alias/shared`; }), message: new RegExp(FOREIGN) },
            "an alarm notifies another account's topic": { change: setProp("cpu-alarm", p => { p.alarmActions = [foreign(TOPIC_ARN)]; }), message: new RegExp(`alarmActions.*${FOREIGN}`) },
            "an alarm notifies a topic outside the stack": { change: setProp("cpu-alarm", p => { p.okActions = [unnamed(TOPIC_ARN)]; }), message: /okActions.*no resource of this stack/ },
            "a backup selection takes another account's database": { change: setProp("backup-selection", p => { p.resources = [foreign(DB_ARN)]; }), message: new RegExp(FOREIGN) },
            "a backup selection names databases of every account": { change: setProp("backup-selection", p => { p.resources = ["arn:aws:rds:*:*:db:*"]; }), message: /every account/ },
            "a backup selection names a database outside the stack": { change: setProp("backup-selection", p => { p.resources = [unnamed(DB_ARN)]; }), message: /no resource of this stack/ },
            "backups run under another account's role": { change: setProp("backup-selection", p => { p.iamRoleArn = foreign(ROLE_ARN); }), message: /iamRoleArn/ },
            "replication to another account's bucket": {
                change: setProp("replication", p => { p.rules[0].destination.account = FOREIGN; }), message: new RegExp(`account.*${FOREIGN}`),
            },
            "replication to a bucket that is not in the stack": {
                change: setProp("replication", p => { p.rules[0].destination.bucket = "arn:aws:s3:::someone-elses-bucket"; }), message: /destination.bucket.*no resource of this stack/,
            },
            "replicas encrypted with another account's key": {
                change: setProp("replication", p => { p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = foreign(DR_KEY); }), message: /replicaKmsKeyId/,
            },
            "a replica of another account's database": {
                change: adding({ type: "aws:rds/instance:Instance", name: "replica", props: { replicateSourceDb: `arn:aws:rds:us-west-2:${FOREIGN}:db:prod` } }), message: /replicateSourceDb/,
            },
            "flow logs delivered to another account's log group": { change: setProp("flow-log", p => { p.logDestination = foreign(LOG_GROUP_ARN); }), message: /logDestination/ },
            "flow logs delivered to a log group outside the stack": { change: setProp("flow-log", p => { p.logDestination = unnamed(LOG_GROUP_ARN); }), message: /logDestination.*no resource of this stack/ },
            "a log subscription streams to another account": {
                change: adding({ type: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", name: "export", props: { logGroup: "/ecs/backend", destinationArn: `arn:aws:logs:${REGION}:${FOREIGN}:destination:collector` } }),
                message: /destinationArn/,
            },
            "a task runs as another account's role": { change: setProp("task", p => { p.taskRoleArn = foreign(ROLE_ARN); }), message: /taskRoleArn/ },
            "a task pulls its image from another account's registry": {
                change: setProp("task", p => { p.containerDefinitions = JSON.stringify([{ name: "backend", image: `${FOREIGN}.dkr.ecr.${REGION}.amazonaws.com/backend:1` }]); }), message: /image/,
            },
            "a trail delivers to another account's log group": {
                change: adding({ type: "aws:cloudtrail/trail:Trail", name: "trail", props: { cloudWatchLogsGroupArn: `${foreign(LOG_GROUP_ARN)}:*`, s3BucketName: "audit" } }), message: /cloudWatchLogsGroupArn/,
            },
            "ECR replicates to another account's registry": {
                change: adding({ type: "aws:ecr/replicationConfiguration:ReplicationConfiguration", name: "ecr-replication", props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2", registryId: FOREIGN }] }] } } }),
                message: /registryId/,
            },
        },
    });
});
