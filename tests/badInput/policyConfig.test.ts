/**
 * Adversarial policy-pack config (`--policy-pack-config`, policy/config/<stack>.json) against
 * the real pack's schemas: each is refused before any resource is analyzed (a UsageError:
 * exit code 2) with one line naming the file, the policy and the property, so a threshold
 * cannot be switched off and a bad pattern cannot reach a policy.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "../../tools/engine/errors";
import { PolicyDescription, resolvePolicyConfig } from "../../tools/engine/pack/policyConfig";
import { policies } from "../../policy/policies";
import { expectOneLine, thrown } from "./expectations";

/** The pack's policies as GetAnalyzerInfo describes them. */
const DESCRIPTIONS: PolicyDescription[] = policies.map((p) => ({
    name: p.name,
    enforcementLevel: p.enforcementLevel as PolicyDescription["enforcementLevel"],
    configSchema: p.configSchema as PolicyDescription["configSchema"],
}));

type Case = [what: string, file: Record<string, unknown>, fragments: string[]];

const CASES: Case[] = [
    ["backup retention 0 (switching the check off)", { "rds-backup-retention": { minimumRetentionDays: 0 } }, ["rds-backup-retention.minimumRetentionDays", "got 0", ">= 7"]],
    ["backup retention below the guide's 7 days", { "rds-backup-retention": { minimumRetentionDays: 3 } }, ["rds-backup-retention.minimumRetentionDays", ">= 7"]],
    ["backup retention beyond RDS's 35 days", { "rds-backup-retention": { minimumRetentionDays: 90 } }, ["rds-backup-retention.minimumRetentionDays", "<= 35"]],
    ["log retention 0", { "cloudwatch-log-retention": { minimumRetentionDays: 0 } }, ["cloudwatch-log-retention.minimumRetentionDays", ">= 1"]],
    ["log retention as text", { "cloudwatch-log-retention": { minimumRetentionDays: "30" } }, ["cloudwatch-log-retention.minimumRetentionDays", "type integer"]],
    ["an audit pattern that is not a regular expression", { "cloudwatch-log-retention": { auditLogGroupPatterns: ["(cloudtrail"] } }, ["cloudwatch-log-retention.auditLogGroupPatterns[0]", "a valid regular expression"]],
    ["no audit patterns at all", { "cloudwatch-log-retention": { auditLogGroupPatterns: [] } }, ["cloudwatch-log-retention.auditLogGroupPatterns", "at least 1 items"]],
    ["a replication pattern that is not a regular expression", { "s3-static-replication": { replicatedBuckets: ["*-static"] } }, ["s3-static-replication.replicatedBuckets[0]", "regular expression"]],
    ["a KMS deletion window of 3 days", { "kms-deletion-window": { minimumDeletionWindowDays: 3 } }, ["kms-deletion-window.minimumDeletionWindowDays", ">= 7"]],
    ["port 0 among data ports", { "sg-data-ports-from-groups": { dataPorts: [0] } }, ["sg-data-ports-from-groups.dataPorts[0]", ">= 1"]],
    ["a misspelt property (the default would stay in force)", { "rds-backup-retention": { minimumRetentionDay: 10 } }, ["rds-backup-retention.minimumRetentionDay", "unknown property", "minimumRetentionDays"]],
    ["an environment the pack does not know", { "rds-multi-az": { environment: "staging" } }, ["rds-multi-az.environment", "\"prod\", \"dr\""]],
    ["a budget of 0", { "cost-monthly-budget": { monthlyBudgetUsd: 0 } }, ["cost-monthly-budget.monthlyBudgetUsd", "> 0"]],
    ["an empty list of required tags", { "tags-required": { requiredTags: [] } }, ["tags-required.requiredTags"]],
    ["an unknown enforcement level", { "rds-multi-az": "loud" }, ["rds-multi-az", "\"loud\""]],
    ["a policy the pack does not have", { "rds-multiaz": "mandatory" }, ["\"rds-multiaz\" is not a policy of this pack"]],
];

describe("bad input: policy pack config", () => {
    it("knows the policies these cases name", () => {
        const names = new Set(DESCRIPTIONS.map((d) => d.name));
        for (const [, file] of CASES.slice(0, -1)) {
            for (const name of Object.keys(file)) expect(names.has(name), name).to.equal(true);
        }
    });

    for (const [what, file, fragments] of CASES) {
        it(`refuses ${what}`, () => {
            const err = thrown(() => resolvePolicyConfig(DESCRIPTIONS, {}, file, "prod.json"));
            expect(err).to.be.instanceOf(UsageError);
            expectOneLine(err.message, "prod.json", ...fragments);
        });
    }

    it("accepts every committed policy/config/*.json and in-range thresholds", () => {
        const dir = path.join(__dirname, "..", "..", "policy", "config");
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
            const content = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
            expect(() => resolvePolicyConfig(DESCRIPTIONS, {}, content, file)).not.to.throw();
        }
        expect(() => resolvePolicyConfig(DESCRIPTIONS, {}, {
            "rds-backup-retention": { minimumRetentionDays: 14 },
            "cloudwatch-log-retention": { auditLogGroupPatterns: ["^/aws/cloudtrail/", "audit$"] },
        })).not.to.throw();
    });
});
