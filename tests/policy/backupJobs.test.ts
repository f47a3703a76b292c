/** backup-jobs-run both ways: AWS Backup's jobs start (region opt-in), fit the vault locks, and keep point-in-time recovery. */
import { expect } from "chai";

import { backupTypeOfArn } from "../../policy/backup/backupTypes";
import { backupJobsRun, lockRefusal } from "../../policy/backup/jobsRun";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, primaryDb, replicaDb } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const DB_ARN = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`;
const COPY_VAULT = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:expertconnect-prod-backups-copy`;
const ALL_TYPES = { RDS: true, Aurora: true, S3: true, DynamoDB: true, EBS: true, EC2: true, EFS: true };

const stack: StackResourceInput[] = [
    { ...primaryDb, props: { ...primaryDb.props, arn: DB_ARN } },
    {
        type: "aws:backup/plan:Plan", name: "backup-plan",
        props: {
            id: "plan-1", name: "expertconnect-prod-database", region: "us-east-1",
            rules: [
                { ruleName: "continuous", targetVaultName: "expertconnect-prod-backups", schedule: "cron(0 7 ? * * *)", enableContinuousBackup: true, lifecycle: { deleteAfter: 14 } },
                {
                    ruleName: "daily", targetVaultName: "expertconnect-prod-backups", schedule: "cron(0 6 ? * * *)", enableContinuousBackup: false, lifecycle: { deleteAfter: 35 },
                    copyActions: [{ destinationVaultArn: COPY_VAULT, lifecycle: { deleteAfter: 35 } }],
                },
            ],
        },
    },
    { type: "aws:backup/selection:Selection", name: "backup-selection", props: { name: "expertconnect-prod-database", planId: "plan-1", resources: [DB_ARN] } },
    { type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", name: "vault-lock", props: { backupVaultName: "expertconnect-prod-backups", minRetentionDays: 7, region: "us-east-1" } },
    { type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", name: "copy-vault-lock", props: { backupVaultName: "expertconnect-prod-backups-copy", minRetentionDays: 7, region: "us-west-2" } },
];
const rules = (s: StackResourceInput[]) => named(s, "backup-plan").props.rules as any[];
const lock = (s: StackResourceInput[], name = "vault-lock") => named(s, name).props;
const settings = (preference: Record<string, boolean>, region = "us-east-1"): StackResourceInput =>
    ({ type: "aws:backup/regionSettings:RegionSettings", name: `settings-${region}`, props: { region, resourceTypeOptInPreference: preference } });

describe("backup-jobs-run", () => {
    stackTable(backupJobsRun, stack, {
        passes: {
            "region settings that opt every type in": { change: s => { s.push(settings(ALL_TYPES)); } },
            "region settings that opt out a type no selection takes": { change: s => { s.push(settings({ ...ALL_TYPES, DynamoDB: false, EFS: false })); } },
            "RDS opted out only in another region": { change: s => { s.push(settings({ ...ALL_TYPES, RDS: false }, "eu-west-1")); } },
            "a lock whose maximum covers every rule": { change: s => { lock(s).maxRetentionDays = 35; lock(s, "copy-vault-lock").maxRetentionDays = 100; } },
            "a continuous rule longer than the instance's window": { change: s => { rules(s)[0].lifecycle.deleteAfter = 35; } },
            "the instance's retention raised above the continuous rule's": { change: s => { named(s, "database-instance").props.backupRetentionPeriod = 21; } },
            "a database no plan takes keeps its own automated backups": { change: s => { named(s, "backup-selection").props.resources = [`arn:aws:rds:us-east-1:${ACCOUNT}:db:other`]; rules(s)[0].enableContinuousBackup = false; } },
            "a read replica beside the primary": { change: s => { s.push({ ...replicaDb, name: "replica" }); } },
            "the rules are unknown during preview": { change: s => { named(s, "backup-plan").props.rules = UNKNOWN; } },
            "the lock's maximum is unknown during preview": { change: s => { lock(s).maxRetentionDays = UNKNOWN; } },
        },
        violations: {
            "region settings opt RDS out": {
                change: s => { s.push(settings({ ...ALL_TYPES, RDS: false })); },
                message: /opt RDS out of AWS Backup in us-east-1, but selection expertconnect-prod-database backs up RDS resources there: AWS Backup silently skips them/,
            },
            "RDS opted out where a tag selection takes the database": {
                change: s => {
                    s.push(settings({ ...ALL_TYPES, RDS: false }));
                    named(s, "backup-selection").props.resources = [];
                    named(s, "backup-selection").props.selectionTags = [{ type: "STRINGEQUALS", key: "Environment", value: "prod" }];
                },
                message: /opt RDS out/,
            },
            "the lock caps retention at 7 days, below the rules' 14 and 35": {
                change: s => { lock(s).maxRetentionDays = 7; },
                message: /rule continuous keeps recovery points 14 days, above the lock's maxRetentionDays 7 of vault expertconnect-prod-backups: every backup job of the rule fails/,
            },
            "the copy vault's lock requires more than the copies keep": {
                change: s => { lock(s, "copy-vault-lock").minRetentionDays = 90; },
                message: /rule daily's copy to expertconnect-prod-backups-copy keeps recovery points 35 days, below the lock's minRetentionDays 90 there: every copy job fails/,
            },
            "a rule that keeps points forever into a vault with a maximum": {
                change: s => { delete rules(s)[1].lifecycle; lock(s).maxRetentionDays = 36; },
                message: /rule daily keeps recovery points forever, above the lock's maxRetentionDays 36/,
            },
            "continuous backup turned off": {
                change: s => { rules(s)[0].enableContinuousBackup = false; },
                message: /database expertconnect-prod-db keeps 14 days of point-in-time recovery, but no rule of backup plan expertconnect-prod-database has enableContinuousBackup/,
            },
            "the continuous rule removed": { change: s => { rules(s).shift(); }, message: /no rule of backup plan expertconnect-prod-database has enableContinuousBackup/ },
        },
    });

    it("names AWS Backup's resource type from an ARN", () => {
        expect(backupTypeOfArn(DB_ARN)).to.equal("RDS");
        expect(backupTypeOfArn(`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:c`)).to.equal("Aurora");
        expect(backupTypeOfArn(`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t`)).to.equal("DynamoDB");
        expect(backupTypeOfArn(`arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-1`)).to.equal("EBS");
        expect(backupTypeOfArn("arn:aws:s3:::bucket")).to.equal("S3");
        expect(backupTypeOfArn(`arn:aws:rds:us-east-1:${ACCOUNT}:subgrp:g`)).to.equal(undefined);
    });

    it("refuses what a vault lock refuses", () => {
        expect(lockRefusal(14, 7, undefined)).to.equal(undefined);
        expect(lockRefusal(undefined, 7, undefined)).to.equal(undefined);
        expect(lockRefusal(6, 7, undefined)).to.match(/below the lock's minRetentionDays 7/);
        expect(lockRefusal(40, 7, 35)).to.match(/above the lock's maxRetentionDays 35/);
    });
});
