/**
 * Class 3: findings silenced at the account level, and backups written outside the lock. Security
 * Hub stays on but a control is switched off (control association, legacy standards control,
 * central configuration policy) or an automation rule suppresses, resolves or downgrades whole
 * classes of findings; AWS Backup keeps running but a rule or copy writes into the account's
 * Default vault, or another vault no lock of the stack guards; AWS Config records the security
 * groups, NACLs or IAM policies only daily, so their changes are seen a day late.
 */
import { ACCOUNT, add, Case, edit, suite, tags } from "./support";

const FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0";
const PLAN = "aws:backup/plan:Plan";
const RECORDER = "aws:cfg/recorder:Recorder";
const recordingMode = (mode: object) => edit(RECORDER, p => { p.recordingMode = mode; });
const eq = (...values: string[]) => values.map(value => ({ comparison: "EQUALS", value }));
const association = (name: string, securityControlId: string, associationStatus: string) => add("aws:securityhub/standardsControlAssociation:StandardsControlAssociation", name, {
    securityControlId, standardsArn: FSBP, associationStatus, ...(associationStatus === "DISABLED" ? { updatedReason: "noisy" } : {}),
});
const automation = (name: string, criteria: object, findingFieldsUpdate: object = { workflow: { status: "SUPPRESSED" } }) => add("aws:securityhub/automationRule:AutomationRule", name, {
    ruleName: name, ruleOrder: 1, description: "reduce noise", ruleStatus: "ENABLED", isTerminal: true, criteria,
    actions: [{ type: "FINDING_FIELDS_UPDATE", findingFieldsUpdate }], tags: tags("security"),
});
/** Points the plan's rules chosen by `which` (every rule by default) at another vault. */
const target = (vault: string, which: (rule: any) => boolean = () => true) => edit(PLAN, p => { p.rules = p.rules.map((r: any) => (which(r) ? { ...r, targetVaultName: vault } : r)); });
const copiesTo = (arn: string) => edit(PLAN, p => { p.rules = p.rules.map((r: any) => ({ ...r, copyActions: (r.copyActions ?? []).map((c: any) => ({ ...c, destinationVaultArn: arn })) })); });

const violations: Case[] = [
    // Security Hub: a control stops producing findings.
    { name: "Security Hub control association disables CloudTrail.1", change: association("mute-ct1", "CloudTrail.1", "DISABLED") },
    { name: "Security Hub control association disables GuardDuty.1", change: association("mute-gd1", "GuardDuty.1", "DISABLED") },
    { name: "legacy standards control disables FSBP EC2.19", change: add("aws:securityhub/standardsControl:StandardsControl", "mute-ec2-19", {
        standardsControlArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:control/aws-foundational-security-best-practices/v/1.0.0/EC2.19`, controlStatus: "DISABLED", disabledReason: "false positives",
    }) },
    { name: "central configuration policy enables only two controls", change: add("aws:securityhub/configurationPolicy:ConfigurationPolicy", "central", {
        name: "central", configurationPolicy: { serviceEnabled: true, enabledStandardArns: [FSBP], securityControlsConfiguration: { enabledControlIdentifiers: ["S3.1", "IAM.1"] } },
    }) },
    // Security Hub: automation rules that hide whole classes of findings.
    { name: "automation rule suppresses every CRITICAL and HIGH finding", change: automation("suppress-high", { severityLabels: eq("CRITICAL", "HIGH") }) },
    { name: "automation rule resolves every GuardDuty finding", change: automation("resolve-guardduty", { productNames: eq("GuardDuty") }, { workflow: { status: "RESOLVED" } }) },
    { name: "automation rule downgrades every FSBP finding to LOW", change: automation("downgrade-fsbp", { complianceAssociatedStandardsIds: eq("standards/aws-foundational-security-best-practices/v/1.0.0") }, { severity: { label: "LOW" } }) },
    { name: "automation rule suppresses IAM.1 for every resource", change: automation("mute-iam1", { complianceSecurityControlIds: eq("IAM.1") }) },
    // Backups written where no lock of the stack holds them.
    { name: "every backup rule targets the account's Default vault", change: target("Default") },
    { name: "only the continuous (PITR) rule moves to the Default vault", change: target("Default", r => r.enableContinuousBackup === true) },
    { name: "the daily rule writes into a hand-made vault the stack does not own", change: target("expertconnect-prod-manual", r => r.enableContinuousBackup !== true) },
    { name: "the cross-region copy goes to us-west-2's Default vault", change: copiesTo(`arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:Default`) },
    // Config records the security-relevant types a day late.
    { name: "Config records security groups, NACLs and IAM policies only daily (override)", change: recordingMode({
        recordingFrequency: "CONTINUOUS", recordingModeOverride: { description: "cost", recordingFrequency: "DAILY", resourceTypes: ["AWS::EC2::SecurityGroup", "AWS::EC2::NetworkAcl", "AWS::IAM::Policy"] },
    }) },
    { name: "Config records every type daily", change: recordingMode({ recordingFrequency: "DAILY" }) },
    { name: "dr: Config records route tables daily", stack: "dr", change: recordingMode({ recordingFrequency: "CONTINUOUS", recordingModeOverride: { recordingFrequency: "DAILY", resourceTypes: ["AWS::EC2::RouteTable"] } }) },
];

const compliant: Case[] = [
    { name: "Security Hub enabled with the FSBP standard subscribed", change: rs => {
        add("aws:securityhub/account:Account", "securityhub", { enableDefaultStandards: false, autoEnableControls: true, controlFindingGenerator: "SECURITY_CONTROL" })(rs);
        add("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", { standardsArn: FSBP })(rs);
    } },
    { name: "a control association kept ENABLED", change: association("ct1", "CloudTrail.1", "ENABLED") },
    { name: "automation rule suppresses S3.9 on the access-log bucket only", change: automation("logs-bucket", { complianceSecurityControlIds: eq("S3.9"), resourceIds: eq("arn:aws:s3:::expertconnect-prod-logs") }) },
    { name: "automation rule suppresses INFORMATIONAL findings", change: automation("info", { severityLabels: eq("INFORMATIONAL") }) },
    { name: "automation rule raises every GuardDuty finding to HIGH", change: automation("raise-guardduty", { productNames: eq("GuardDuty") }, { severity: { label: "HIGH" } }) },
    { name: "Config records EC2 instances daily to save cost", change: recordingMode({ recordingFrequency: "CONTINUOUS", recordingModeOverride: { description: "cost", recordingFrequency: "DAILY", resourceTypes: ["AWS::EC2::Instance"] } }) },
];

suite("class 3: findings silenced at the account level, backups outside the lock, detection a day late", violations, compliant);
