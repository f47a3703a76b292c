/**
 * Adversarial stack config: each case is one mistake an operator makes in Pulumi.<stack>.yaml or
 * --config. The program refuses it before any resource is registered with a ConfigError (a
 * RunError: `pulumi up` prints its message without a stack trace; the offline engine exits 2,
 * see engineRuns.test.ts) whose message is one line naming the key and what is allowed.
 */
import { expect } from "chai";
import { RunError } from "@pulumi/pulumi/errors";
import { ConfigError, parseConfig } from "../../config";
import type { StackContextInfo } from "../../config/schema";
import { prodConfig } from "../config/fixtures";
import { expectOneLine, thrown } from "./expectations";

const cert = (region: string) => `arn:aws:acm:${region}:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const CONTEXT: StackContextInfo = { project: "expertconnect-infra", stacks: { prod: "prod", dr: "dr", dr2: "dr", staging: undefined } };

/** A valid dr stack's raw config, with overrides. */
function drConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    return prodConfig({
        "aws:region": "us-west-2",
        "expertconnect:environment": "dr",
        "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") },
        ...overrides,
    });
}

const db = (fields: Record<string, unknown>) => ({ "expertconnect:database": fields });
const prodStack = (value: string) => ({ "expertconnect:dr": { prodStack: value } });

type Case = [what: string, raw: Record<string, string>, key: string, allowed: string, stack?: string];

/** [class, cases]: one line each, naming `key` (the line starts with it) and containing `allowed`. */
const CLASSES: Array<[string, Case[]]> = [
    ["backup and maintenance windows", [
        ["hour 25 in the backup window", prodConfig(db({ backupWindow: "25:00-26:00" })), "expertconnect:database.backupWindow", "hh24:mi-hh24:mi"],
        ["minute 60 in the backup window", prodConfig(db({ backupWindow: "03:60-04:30" })), "expertconnect:database.backupWindow", "hh24:mi-hh24:mi"],
        ["single-digit hour", prodConfig(db({ backupWindow: "3:00-4:00" })), "expertconnect:database.backupWindow", "hh24:mi-hh24:mi"],
        ["backup window with a day", prodConfig(db({ backupWindow: "sun:03:00-sun:04:00" })), "expertconnect:database.backupWindow", "hh24:mi-hh24:mi"],
        ["backup window as a number", prodConfig(db({ backupWindow: 300 })), "expertconnect:database.backupWindow", "hh24:mi-hh24:mi"],
        ["backup window of 29 minutes", prodConfig(db({ backupWindow: "03:00-03:29" })), "expertconnect:database.backupWindow", "at least 30 minutes"],
        ["backup window of zero length", prodConfig(db({ backupWindow: "03:00-03:00" })), "expertconnect:database.backupWindow", "at least 30 minutes"],
        ["backup window of 20 minutes across midnight", prodConfig(db({ backupWindow: "23:50-00:10" })), "expertconnect:database.backupWindow", "at least 30 minutes"],
        ["maintenance window without days", prodConfig(db({ maintenanceWindow: "04:30-05:30" })), "expertconnect:database.maintenanceWindow", "ddd:hh24:mi-ddd:hh24:mi"],
        ["maintenance window with a made-up day", prodConfig(db({ maintenanceWindow: "sun:04:30-sunday:05:30" })), "expertconnect:database.maintenanceWindow", "mon, tue"],
        ["maintenance window hour 24", prodConfig(db({ maintenanceWindow: "sun:24:00-mon:01:00" })), "expertconnect:database.maintenanceWindow", "ddd:hh24:mi"],
        ["maintenance window of 15 minutes", prodConfig(db({ maintenanceWindow: "sun:04:30-sun:04:45" })), "expertconnect:database.maintenanceWindow", "at least 30 minutes"],
        ["backup window inside the maintenance window", prodConfig(db({ backupWindow: "04:45-05:15" })), "expertconnect:database.backupWindow", "does not overlap expertconnect:database.maintenanceWindow"],
        ["backup window overlapping the start of maintenance", prodConfig(db({ backupWindow: "04:00-05:00" })), "expertconnect:database.backupWindow", "does not overlap"],
        ["overlap on a weekday only", prodConfig(db({ backupWindow: "02:00-03:00", maintenanceWindow: "wed:02:30-wed:03:30" })), "expertconnect:database.backupWindow", "does not overlap"],
        ["backup window across midnight meeting Monday's maintenance", prodConfig(db({ backupWindow: "23:30-00:30", maintenanceWindow: "mon:00:00-mon:01:00" })), "expertconnect:database.backupWindow", "does not overlap"],
        ["maintenance wrapping the week's end over a daily backup", prodConfig(db({ backupWindow: "23:00-23:45", maintenanceWindow: "sun:22:00-mon:02:00" })), "expertconnect:database.backupWindow", "does not overlap"],
    ]],
    ["engine versions RDS does not offer", [
        ["PostgreSQL 13 (out of standard support)", prodConfig(db({ engineVersion: "13.20" })), "expertconnect:database.engineVersion", "a PostgreSQL version RDS offers"],
        ["a retired minor (16.4)", prodConfig(db({ engineVersion: "16.4" })), "expertconnect:database.engineVersion", "16.9 to 16."],
        ["a minor that does not exist yet", prodConfig(db({ engineVersion: "16.99" })), "expertconnect:database.engineVersion", "a PostgreSQL version RDS offers"],
        ["a patch level", prodConfig(db({ engineVersion: "16.10.1" })), "expertconnect:database.engineVersion", "a PostgreSQL version RDS offers"],
        ["a future major", prodConfig(db({ engineVersion: "19" })), "expertconnect:database.engineVersion", "18 (or 18."],
        ["a YAML number that lost its zero (16.10 → 16.1)", prodConfig(db({ engineVersion: 16.1 })), "expertconnect:database.engineVersion", "a PostgreSQL version RDS offers"],
        ["MySQL's version", prodConfig(db({ engineVersion: "8.0.35" })), "expertconnect:database.engineVersion", "a PostgreSQL version RDS offers"],
    ]],
    ["alarm recipients", [
        ["prod with no alarm e-mail", prodConfig({ "expertconnect:monitoring": { alarmEmails: [] } }), "expertconnect:monitoring.alarmEmails", "at least one e-mail address"],
        ["prod with the monitoring section left out", prodConfig({ "expertconnect:monitoring": undefined }), "expertconnect:monitoring.alarmEmails", "at least one e-mail address"],
        ["dr promoted with no alarm e-mail", drConfig({ "expertconnect:dr": { phase: "promoted" }, "expertconnect:monitoring": { alarmEmails: [] } }), "expertconnect:monitoring.alarmEmails", "serves production", "dr"],
    ]],
    ["network CIDR (refused by config, not by a component)", [
        ["second octet above 255", prodConfig({ "expertconnect:network": { cidrBlock: "10.300.0.0/16" } }), "expertconnect:network.cidrBlock", "N from 0 to 255"],
        ["host bits set", prodConfig({ "expertconnect:network": { cidrBlock: "10.0.5.0/16" } }), "expertconnect:network.cidrBlock", "10.N.0.0/16"],
        ["a /24", prodConfig({ "expertconnect:network": { cidrBlock: "10.0.0.0/24" } }), "expertconnect:network.cidrBlock", "/16"],
        ["leading zeros", prodConfig({ "expertconnect:network": { cidrBlock: "10.01.0.0/16" } }), "expertconnect:network.cidrBlock", "10.N.0.0/16"],
        ["not a CIDR at all", prodConfig({ "expertconnect:network": { cidrBlock: "vpc-main" } }), "expertconnect:network.cidrBlock", "10.N.0.0/16"],
    ]],
    ["dr.prodStack", [
        ["the dr stack naming itself (a cycle)", drConfig(prodStack("expertconnect-co/expertconnect-infra/dr")), "expertconnect:dr.prodStack", "reference cycle", "dr"],
        ["a stack that does not exist", drConfig(prodStack("expertconnect-co/expertconnect-infra/prd")), "expertconnect:dr.prodStack", "no Pulumi.prd.yaml", "dr"],
        ["another dr stack (dr following dr)", drConfig(prodStack("expertconnect-co/expertconnect-infra/dr2")), "expertconnect:dr.prodStack", "environment is prod", "dr"],
        ["another project", drConfig(prodStack("expertconnect-co/other-infra/prod")), "expertconnect:dr.prodStack", "a stack of this project", "dr"],
        ["a template placeholder org", drConfig(prodStack("your-org/expertconnect-infra/prod")), "expertconnect:dr.prodStack", "a real organization", "dr"],
        ["a placeholder org in capitals", drConfig(prodStack("ORG_NAME/expertconnect-infra/prod")), "expertconnect:dr.prodStack", "a real organization", "dr"],
        ["a placeholder stack name", drConfig(prodStack("expertconnect-co/expertconnect-infra/tbd")), "expertconnect:dr.prodStack", "placeholder", "dr"],
        ["prodStack set on the prod stack", prodConfig(prodStack("expertconnect-co/expertconnect-infra/prod")), "expertconnect:dr.prodStack", "allowed: nothing"],
        ["angle-bracket placeholder", drConfig(prodStack("<org>/expertconnect-infra/prod")), "expertconnect:dr.prodStack", "org/project/stack", "dr"],
        ["only a stack name", drConfig(prodStack("prod")), "expertconnect:dr.prodStack", "org/project/stack", "dr"],
    ]],
    ["keys under other namespaces", [
        ["the project's name as namespace (pulumi config set without one)", prodConfig({ "expertconnect-infra:database": { backupRetentionDays: 3 } }), "expertconnect-infra:database", "allowed: expertconnect:database"],
        ["a namespace typo", prodConfig({ "expertconect:monitoring": { alarmEmails: [] } }), "expertconect:monitoring", "allowed: expertconnect:monitoring"],
        ["namespace in capitals", prodConfig({ "ExpertConnect:dr": { phase: "standby" } }), "ExpertConnect:dr", "allowed: expertconnect:dr"],
        ["a bare dotted key from the stack file", prodConfig({ "expertconnect-infra:database.backupWindow": "04:00-05:00" }), "expertconnect-infra:database.backupWindow", "allowed: expertconnect:database.backupWindow"],
        ["aws:regoin", prodConfig({ "aws:regoin": "us-east-1" }), "aws:regoin", "did you mean aws:region?"],
        ["aws:defaultTag", prodConfig({ "aws:defaultTag": { tags: { a: "b" } } }), "aws:defaultTag", "did you mean aws:defaultTags?"],
        ["aws provider key nobody has", prodConfig({ "aws:encryptEverything": "true" }), "aws:encryptEverything", "allowed aws: keys"],
        ["a typo of aws", prodConfig({ "asw:profile": "prod" }), "asw:profile", "did you mean aws:profile?"],
        ["a namespace nothing reads", prodConfig({ "gcp:project": "x" }), "gcp:project", "allowed namespaces: expertconnect, aws"],
        ["a secret under the project's name", prodConfig({ "expertconnect-infra:dbPassword": "offline-secret" }), "expertconnect-infra:dbPassword", "a key of expertconnect: (environment"],
    ]],
    ["key names and paths", [
        ["a dotted key name (not a path)", prodConfig({ "expertconnect:database.backupRetentionDays": "3" }), "expertconnect:database.backupRetentionDays", "nest it under expertconnect:database"],
        ["a dotted key with a misspelt section", prodConfig({ "expertconnect:databse.multiAz": "false" }), "expertconnect:databse.multiAz", "did you mean expertconnect:database?"],
        ["an empty path segment", prodConfig({ "expertconnect:database..backupWindow": "03:00-04:00" }), "expertconnect:database..backupWindow", "empty path segment"],
        ["a trailing dot", prodConfig({ "expertconnect:database.": "{}" }), "expertconnect:database.", "empty path segment"],
        ["a leading dot", prodConfig({ "expertconnect:.database": "{}" }), "expertconnect:.database", "empty path segment"],
        ["an empty key name", prodConfig({ "expertconnect:": "x" }), "expertconnect", "empty key name"],
        ["an empty field name inside a section", prodConfig(db({ "": 1 })), "expertconnect:database[\"\"]", "unknown key"],
        ["a misspelt section", prodConfig({ "expertconnect:monitorng": { alarmEmails: ["a@b.example"] } }), "expertconnect:monitorng", "did you mean expertconnect:monitoring?"],
        ["a misspelt field", prodConfig(db({ backupWindows: "03:00-04:00" })), "expertconnect:database.backupWindows", "did you mean expertconnect:database.backupWindow?"],
        ["a section given as a scalar", prodConfig({ "expertconnect:database": "16" }), "expertconnect:database", "an object"],
    ]],
];

describe("bad input: stack config", () => {
    for (const [klass, cases] of CLASSES) {
        describe(klass, () => {
            for (const [what, raw, key, allowed, stack = "prod"] of cases) {
                it(`refuses ${what}`, () => {
                    const err = thrown(() => parseConfig(raw, stack, CONTEXT));
                    expect(err).to.be.instanceOf(ConfigError);
                    expect(RunError.isInstance(err), "a RunError, so the CLI hides the stack").to.equal(true);
                    expectOneLine(err.message, allowed);
                    expect(err.message.startsWith(`${key}:`), `names ${key}: ${err.message}`).to.equal(true);
                });
            }
        });
    }

    // The compliant side of each class: near misses that must pass.
    const compliant: Array<[string, Record<string, string>, string?]> = [
        ["a backup window across midnight, clear of maintenance", prodConfig(db({ backupWindow: "23:30-00:30" }))],
        ["windows that touch without overlapping", prodConfig(db({ backupWindow: "03:30-04:30" }))],
        ["maintenance wrapping the week's end clear of the backup window", prodConfig(db({ backupWindow: "03:00-04:00", maintenanceWindow: "sun:23:00-mon:01:00" }))],
        ["a capitalised day", prodConfig(db({ maintenanceWindow: "Sun:04:30-Sun:05:30" }))],
        ["a major version only", prodConfig(db({ engineVersion: "17" }))],
        ["an offered minor", prodConfig(db({ engineVersion: "16.10" }))],
        ["the last /16", prodConfig({ "expertconnect:network": { cidrBlock: "10.255.0.0/16" } })],
        ["dr in standby with no alarm e-mail", drConfig({ "expertconnect:monitoring": { alarmEmails: [] } }), "dr"],
        ["dr following prod", drConfig(prodStack("expertconnect-co/expertconnect-infra/prod")), "dr"],
        ["dr following prod in the organization it runs in (key unset)", drConfig(), "dr"],
        ["an aws provider key", prodConfig({ "aws:defaultTags": { tags: { Owner: "platform" } }, "aws:skipMetadataApiCheck": "true" })],
        ["the engine's own namespace", prodConfig({ "pulumi:tags": { team: "platform" } })],
    ];
    describe("near misses that pass", () => {
        for (const [what, raw, stack = "prod"] of compliant) {
            it(`accepts ${what}`, () => {
                expect(() => parseConfig(raw, stack, CONTEXT)).not.to.throw();
            });
        }
    });
});
