/**
 * Class 3, data residency: data lives only in the design's regions (one per environment,
 * policy/lib/facts/drRegion.ts). A copy sent to any other region is refused whatever carries
 * it (automated-backups replication, a secret replica, a backup copy action, a log destination, a
 * container's log driver, a resource created through a provider of another region); copies to the
 * dr region stay allowed.
 */
import { ACCOUNT, add, Case, edit, named, outputOf, suite, tags } from "./support";

const DB = "aws:rds/instance:Instance";
const SECRET = "aws:secretsmanager/secret:Secret";
const PLAN = "aws:backup/plan:Plan";
const KEY = "aws:kms/key:Key";
const AUTO_BACKUPS = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const keyArn = (rs: any[], n: string) => outputOf(rs, KEY, "arn", named(n));
const backupsTo = (name: string, region: string, key: (rs: any[]) => string) =>
    (rs: any[]) => add(AUTO_BACKUPS, name, { sourceDbInstanceArn: outputOf(rs, DB, "arn"), region, retentionPeriod: 14, kmsKeyId: key(rs) })(rs);
const replicaTo = (replica: object) => edit(SECRET, p => { p.replicas = [...p.replicas, replica]; }, named("database-master-secret"));
const logDriverRegion = (region: string) => edit("aws:ecs/taskDefinition:TaskDefinition", p => {
    const list = JSON.parse(p.containerDefinitions);
    list[0].logConfiguration.options["awslogs-region"] = region;
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));

const violations: Case[] = [
    { name: "RDS automated backups replicated to eu-central-1", change: backupsTo("db-backups-eu", "eu-central-1", () => `arn:aws:kms:eu-central-1:${ACCOUNT}:key/77777777-8888-9999-aaaa-bbbbbbbbbbbb`) },
    { name: "RDS automated backups replicated to us-east-2 under the AWS-managed key", change: backupsTo("db-backups-east2", "us-east-2", () => "alias/aws/rds") },
    { name: "database master secret also replicated to ap-southeast-1 under the AWS-managed key", change: replicaTo({ region: "ap-southeast-1" }) },
    // Earlier rounds allowed this extra replica (class 3, disaster recovery): the dr region still
    // has its copy, but the secret now also lives where the design places no data.
    { name: "JWT key also replicated to us-east-2", change: edit(SECRET, p => { p.replicas = [...p.replicas, { region: "us-east-2" }]; }, named("app-settings-jwt-signing-key")) },
    { name: "database master secret also replicated to eu-west-1 under a key of that region", change: replicaTo({ region: "eu-west-1", kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/66666666-7777-8888-9999-000000000000` }) },
    { name: "backup plan gains a second copy action to a vault in eu-west-1", change: edit(PLAN, p => {
        p.rules.filter((r: any) => r.copyActions).forEach((r: any) => r.copyActions.push({ destinationVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:archive`, lifecycle: { deleteAfter: 35 } }));
    }) },
    { name: "backend log group streamed to a Firehose in eu-west-1", change: add("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "backend-ship", {
        name: "ship", logGroup: "/ecs/expertconnect-prod-backend", filterPattern: "", destinationArn: `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/archive`,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/logs-to-firehose`,
    }) },
    { name: "backend container logs to eu-west-1", change: logDriverRegion("eu-west-1") },
    { name: "a DynamoDB table added with a replica in ap-northeast-1", change: add("aws:dynamodb/table:Table", "sessions", {
        name: "expertconnect-sessions", billingMode: "PAY_PER_REQUEST", hashKey: "id", attributes: [{ name: "id", type: "S" }], streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES",
        serverSideEncryption: { enabled: true }, pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true,
        replicas: [{ regionName: "us-west-2" }, { regionName: "ap-northeast-1" }], tags: tags("storage"),
    }) },
];

const compliant: Case[] = [
    { name: "RDS automated backups replicated to us-west-2 under the dr copy key", change: backupsTo("db-backups-west", "us-west-2", rs => keyArn(rs, "dr-backup-copy-vault-key")) },
    { name: "backend container logs name the stack's own region explicitly", change: logDriverRegion("us-east-1") },
];

suite("class 3: data residency", violations, compliant);
