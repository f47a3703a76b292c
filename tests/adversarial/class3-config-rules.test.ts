/**
 * Class 3: AWS Config rules removed or weakened. The rules repeat the pack's checks at runtime
 * (drift made in the console is reported); the pack requires each rule of
 * policy/lib/facts/configRules.ts, so deleting one, swapping its source, scoping it down or
 * lowering a floor parameter silences that runtime check.
 */
import { Case, add, drift, edit, named, remove, suite, tags } from "./support";

const RULE = "aws:cfg/rule:Rule";

const violations: Case[] = [
    { name: "the vpc-flow-logs-enabled rule removed", change: remove(RULE, named("aws-config-vpc-flow-logs-enabled")) },
    { name: "dr: the vpc-flow-logs-enabled rule removed", stack: "dr", change: remove(RULE, named("aws-config-vpc-flow-logs-enabled")) },
    { name: "the log retention rule asks for 1 day", change: edit(RULE, p => { p.inputParameters = JSON.stringify({ MinRetentionTime: "1" }); }, named("aws-config-cw-loggroup-retention-period-check")) },
    { name: "the log retention rule limited to one log group", change: edit(RULE, p => { p.inputParameters = JSON.stringify({ MinRetentionTime: "90", LogGroupNames: "/ecs/none" }); }, named("aws-config-cw-loggroup-retention-period-check")) },
    { name: "the backup rule loses its retention floor (AWS default 7 → any)", change: edit(RULE, p => { delete p.inputParameters; }, named("aws-config-db-instance-backup-enabled")) },
    { name: "the flow-logs rule's source swapped for another managed rule", change: edit(RULE, p => { p.source = { owner: "AWS", sourceIdentifier: "S3_BUCKET_LOGGING_ENABLED" }; }, named("aws-config-vpc-flow-logs-enabled")) },
    { name: "the RDS encryption rule scoped to buckets", change: edit(RULE, p => { p.scope = { complianceResourceTypes: ["AWS::S3::Bucket"] }; }, named("aws-config-rds-storage-encrypted")) },
    { name: "drift: the SSL-only rule scoped to a tag nobody sets", change: drift(RULE, p => { p.scope = { tagKey: "audited" }; }, named("aws-config-s3-bucket-ssl-requests-only")) },
    { name: "prod: the Multi-AZ rule removed", change: remove(RULE, named("aws-config-rds-multi-az-support")) },
];

const compliant: Case[] = [
    { name: "the log retention rule asks for 10 years", change: edit(RULE, p => { p.inputParameters = JSON.stringify({ MinRetentionTime: "3653" }); }, named("aws-config-cw-loggroup-retention-period-check")) },
    { name: "an extra managed rule", change: add(RULE, "aws-config-extra", { name: "s3-bucket-logging-enabled", source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_LOGGING_ENABLED" }, tags: tags("config") }) },
];

suite("class 3: AWS Config rules kept", violations, compliant);
