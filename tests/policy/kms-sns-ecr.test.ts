import { expect } from "chai";

import { unpinnedImage } from "../../policy/ecr/imageReference";
import { decidingRules, tagPatternMatches } from "../../policy/ecr/lifecycleRules";
import { ecrImmutableTags } from "../../policy/ecr/immutableTags";
import { ecrRegistryScanning, wildcardMatches } from "../../policy/ecr/registryScanning";
import { ecrScanOnPush } from "../../policy/ecr/scanOnPush";
import { kmsDataKeyDeletionWindow, kmsDeletionWindow } from "../../policy/kms/deletionWindow";
import { kmsKeyEnabled } from "../../policy/kms/enabled";
import { kmsKeyRotation } from "../../policy/kms/rotation";
import { snsTopicEncrypted } from "../../policy/sns/encryption";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const key = {
    type: "aws:kms/key:Key",
    name: "database-key",
    protect: true,
    props: { description: "expertconnect-prod database", enableKeyRotation: true, deletionWindowInDays: 30, tags: TAGS },
};

describe("kms-key-rotation", () => {
    resourceTable(kmsKeyRotation, key, {
        violations: {
            "rotation is unset": { change: r => delete r.props.enableKeyRotation, message: /enableKeyRotation is not true/ },
            "rotation is off": { change: r => { r.props.enableKeyRotation = false; }, message: /enableKeyRotation is not true/ },
        },
        notApplicable: { "the key is asymmetric": { change: r => { r.props.customerMasterKeySpec = "RSA_3072"; delete r.props.enableKeyRotation; } } },
    });
});

describe("kms-key-enabled", () => {
    resourceTable(kmsKeyEnabled, key, {
        passes: {
            "isEnabled is left at its default": { change: r => { delete r.props.isEnabled; } },
            "isEnabled is true": { change: r => { r.props.isEnabled = true; } },
        },
        violations: {
            "the key is disabled": { change: r => { r.props.isEnabled = false; }, message: /isEnabled is false/ },
        },
    });
});

const VAULT_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/vault`;
/** A backup vault, a log group and a topic, each under its own key; the vault's key is also named by alias. */
const dataKeyStack: StackResourceInput[] = [
    { type: "aws:kms/key:Key", name: "vault-key", props: { arn: VAULT_KEY_ARN, keyId: "vault", deletionWindowInDays: 30 } },
    { type: "aws:kms/alias:Alias", name: "vault-key-alias", props: { name: "alias/expertconnect-prod-backups", arn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/expertconnect-prod-backups`, targetKeyId: "vault" } },
    { type: "aws:backup/vault:Vault", name: "vault", props: { name: "expertconnect-prod-backups", kmsKeyArn: VAULT_KEY_ARN } },
    { type: "aws:kms/key:Key", name: "logs-key", props: { arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/logs`, keyId: "logs" } },
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "backend-logs", props: { name: "/ecs/expertconnect-prod-backend", kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/logs` } },
    { type: "aws:kms/key:Key", name: "alarms-key", props: { arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/alarms`, keyId: "alarms", deletionWindowInDays: 7 } },
    { type: "aws:sns/topic:Topic", name: "alarms", props: { kmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/alarms` } },
];

describe("kms-data-key-deletion-window", () => {
    stackTable(kmsDataKeyDeletionWindow, dataKeyStack, {
        passes: {
            "a key that encrypts no stored data (the alarm topic's) waits 7 days": { change: () => undefined },
            "a data key that names no window (KMS waits 30 days)": { change: s => { delete named(s, "vault-key").props.deletionWindowInDays; } },
            "a store naming a key outside the stack": { change: s => { named(s, "vault").props.kmsKeyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`; named(s, "vault-key").props.deletionWindowInDays = 7; } },
        },
        violations: {
            "the vault key's window cut to 7 days": { change: s => { named(s, "vault-key").props.deletionWindowInDays = 7; }, message: /key vault-key waits only 7 days before deletion, but it encrypts stored data \(vault's kmsKeyArn\)/ },
            "the logs key's window is 29 days": { change: s => { named(s, "logs-key").props.deletionWindowInDays = 29; }, message: /key logs-key waits only 29 days.*backend-logs's kmsKeyId/ },
            "the vault names its key by alias": {
                change: s => { named(s, "vault").props.kmsKeyArn = "alias/expertconnect-prod-backups"; named(s, "vault-key").props.deletionWindowInDays = 7; }, message: /key vault-key waits only 7 days/,
            },
            "in preview the vault's key input depends on the key": {
                change: s => { named(s, "vault").props.kmsKeyArn = UNKNOWN; named(s, "vault").propertyDependencies = { kmsKeyArn: ["vault-key"] }; named(s, "vault-key").props.deletionWindowInDays = 10; },
                message: /key vault-key waits only 10 days/,
            },
            "a secret's replica key in the dr region": {
                change: s => {
                    s.push({ type: "aws:kms/key:Key", name: "replica-key", props: { arn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/replica`, keyId: "replica", deletionWindowInDays: 7 } });
                    s.push({ type: "aws:secretsmanager/secret:Secret", name: "master", props: { replicas: [{ region: "us-west-2", kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/replica` }] } });
                },
                message: /key replica-key waits only 7 days.*master's replicas\[0\]\.kmsKeyId/,
            },
            "the bucket key of S3 default encryption": {
                change: s => {
                    s.push({ type: "aws:kms/key:Key", name: "bucket-key", props: { arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/bucket`, keyId: "bucket", deletionWindowInDays: 14 } });
                    s.push({ type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "sse", props: { bucket: "expertconnect-backup", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/bucket` } }] } });
                },
                message: /key bucket-key waits only 14 days/,
            },
        },
    });
});

describe("kms-deletion-window (advisory)", () => {
    resourceTable(kmsDeletionWindow, key, {
        passes: {
            "the window is left at AWS's 30 days": { change: r => delete r.props.deletionWindowInDays },
            "the window equals the minimum": { change: r => { r.props.deletionWindowInDays = 14; } },
        },
        violations: {
            "the window is 7 days": { change: r => { r.props.deletionWindowInDays = 7; }, message: /7; the minimum is 14/ },
            "the window is below a configured minimum": { config: { minimumDeletionWindowDays: 30 }, change: r => { r.props.deletionWindowInDays = 20; }, message: /20; the minimum is 30/ },
        },
    });
});

describe("sns-topic-encrypted", () => {
    resourceTable(snsTopicEncrypted, {
        type: "aws:sns/topic:Topic", name: "alarms-topic",
        props: { name: "expertconnect-alarms", kmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/alarms`, tags: TAGS },
    }, {
        violations: {
            "the topic has no key": { change: r => delete r.props.kmsMasterKeyId, message: /kmsMasterKeyId is not set/ },
            "the key is empty": { change: r => { r.props.kmsMasterKeyId = ""; }, message: /kmsMasterKeyId is not set/ },
            "the key is AWS-managed": { change: r => { r.props.kmsMasterKeyId = "alias/aws/sns"; }, message: /AWS-managed key/ },
            "the key is AWS-managed, as an ARN": {
                change: r => { r.props.kmsMasterKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/sns`; }, message: /AWS-managed key/,
            },
        },
        passes: {
            "the key ARN is unknown during preview": { change: r => { r.props.kmsMasterKeyId = UNKNOWN; } },
            "a customer key by its own alias": { change: r => { r.props.kmsMasterKeyId = "alias/expertconnect-alarms"; } },
        },
    });
});

describe("sns-topic-encrypted: topic policy denies plain HTTP", () => {
    const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
    const manage = { Sid: "AccountManagesTopic", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["sns:Publish", "sns:Subscribe"], Resource: topicArn };
    const deny = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } };
    const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
    resourceTable(snsTopicEncrypted, { type: "aws:sns/topicPolicy:TopicPolicy", name: "alarms-policy", props: { arn: topicArn, policy: policy(manage, deny) } }, {
        passes: {
            "the Deny names every SNS action": { change: r => { r.props.policy = policy(manage, { ...deny, Action: "sns:*" }); } },
            "the Deny is written BoolIfExists on every resource": { change: r => { r.props.policy = policy(manage, { ...deny, Resource: "*", Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }); } },
            "the topic ARN is unknown during preview": { change: r => { r.props.arn = UNKNOWN; r.props.policy = policy(manage); } },
        },
        violations: {
            "the DenyInsecureTransport statement is removed": { change: r => { r.props.policy = policy(manage); }, message: /sns:Publish without TLS/ },
            "the Deny only covers Subscribe": { change: r => { r.props.policy = policy(manage, { ...deny, Action: "sns:Subscribe" }); }, message: /sns:Publish without TLS/ },
            "the Deny names only another account's principals": { change: r => { r.props.policy = policy(manage, { ...deny, Principal: { AWS: "arn:aws:iam::444455556666:root" } }); }, message: /without TLS/ },
            "the Deny's condition is inverted (denies TLS)": { change: r => { r.props.policy = policy(manage, { ...deny, Condition: { Bool: { "aws:SecureTransport": "true" } } }); }, message: /without TLS/ },
            "the Deny covers another topic": { change: r => { r.props.policy = policy(manage, { ...deny, Resource: `${topicArn}-old` }); }, message: /without TLS/ },
        },
    });
});

const repository = {
    type: "aws:ecr/repository:Repository",
    name: "backend-repository",
    props: { name: "expertconnect-backend", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, tags: TAGS },
};

describe("ecr-scan-on-push", () => {
    resourceTable(ecrScanOnPush, repository, {
        violations: {
            "scanning is not configured": { change: r => delete r.props.imageScanningConfiguration, message: /scanOnPush is not true/ },
            "scan on push is off": { change: r => { r.props.imageScanningConfiguration = { scanOnPush: false }; }, message: /scanOnPush is not true/ },
        },
    });
});

describe("ecr-immutable-tags", () => {
    resourceTable(ecrImmutableTags, repository, {
        passes: {
            "immutability excludes a moving tag": {
                change: r => { r.props.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION"; r.props.imageTagMutabilityExclusionFilters = [{ filter: "latest", filterType: "WILDCARD" }]; },
            },
        },
        violations: {
            "mutability is left at the MUTABLE default": { change: r => delete r.props.imageTagMutability, message: /imageTagMutability is MUTABLE/ },
            "tags are mutable": { change: r => { r.props.imageTagMutability = "MUTABLE"; }, message: /imageTagMutability is MUTABLE/ },
            "tags are mutable with exclusions": { change: r => { r.props.imageTagMutability = "MUTABLE_WITH_EXCLUSION"; }, message: /MUTABLE_WITH_EXCLUSION/ },
        },
    });
});

describe("ecr-immutable-tags: repository creation templates", () => {
    const template = {
        type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
        name: "dr-images-template",
        props: { prefix: "ROOT", appliedFors: ["REPLICATION"], imageTagMutability: "IMMUTABLE", encryptionConfigurations: [{ encryptionType: "AES256" }], region: "us-west-2" },
    };
    resourceTable(ecrImmutableTags, template, {
        passes: {
            "the template excludes a moving tag": { change: r => { r.props.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION"; r.props.imageTagMutabilityExclusionFilters = [{ filter: "latest", filterType: "WILDCARD" }]; } },
            "the template encrypts with KMS": { change: r => { r.props.encryptionConfigurations = [{ encryptionType: "KMS" }]; } },
        },
        violations: {
            "the template makes the repositories it creates MUTABLE": {
                change: r => { r.props.imageTagMutability = "MUTABLE"; }, message: /imageTagMutability is MUTABLE: every repository the template creates \(ROOT, REPLICATION\)/,
            },
            "the template leaves mutability at the MUTABLE default": { change: r => delete r.props.imageTagMutability, message: /imageTagMutability is MUTABLE/ },
            "the template's repositories are mutable with exclusions": { change: r => { r.props.imageTagMutability = "MUTABLE_WITH_EXCLUSION"; }, message: /MUTABLE_WITH_EXCLUSION/ },
        },
    });
});

describe("ecr-registry-scanning", () => {
    const repository = (name: string, scanOnPush = true): StackResourceInput => ({
        type: "aws:ecr/repository:Repository", name,
        props: { name, arn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`, imageScanningConfiguration: { scanOnPush }, imageTagMutability: "IMMUTABLE" },
    });
    const task = (image: string): StackResourceInput => ({
        type: "aws:ecs/taskDefinition:TaskDefinition", name: "worker-task",
        props: { family: "expertconnect-prod-worker", containerDefinitions: JSON.stringify([{ name: "worker", image }]) },
    });
    const stack: StackResourceInput[] = [
        {
            type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", name: "scanning",
            props: { scanType: "ENHANCED", rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "expertconnect-*", filterType: "WILDCARD" }] }] },
        },
        repository("expertconnect-backend"),
        repository("expertconnect-frontend"),
    ];
    const scanning = (s: StackResourceInput[]) => named(s, "scanning").props as Record<string, any>;
    const filters = (...names: string[]) => names.map(filter => ({ filter, filterType: "WILDCARD" }));
    stackTable(ecrRegistryScanning, stack, {
        passes: {
            "a continuous rule lists each repository": { change: s => { scanning(s).rules[0].repositoryFilters = filters("expertconnect-backend", "expertconnect-frontend"); } },
            "a filter without a wildcard matches the names containing it": { change: s => { scanning(s).rules[0].repositoryFilters = filters("connect-"); } },
            "continuous scanning of expertconnect-* wins over a scan-on-push rule for everything": {
                change: s => { scanning(s).rules.push({ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: filters("*") }); },
            },
            "the rules are unknown during preview": { change: s => { scanning(s).rules = UNKNOWN; } },
            "every repository matches a catch-all filter": { change: s => { scanning(s).rules[0].repositoryFilters = filters("*"); } },
            "a task pulls a repository of the account the continuous filter matches": { change: s => { s.push(task(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-worker:v1.0.0`)); } },
"the stack owns no registry settings (dr: tasks pull prod's replicas, no repository, no configuration)": {
                change: s => { s.splice(0, 3, task(`${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend:v1.0.0`)); },
            },
            "a task pulls another account's image (judged by that account's registry)": { change: s => { s.push(task(`210987654321.dkr.ecr.us-east-1.amazonaws.com/partner-agent:v2`)); } },
        },
        violations: {
            "the filter no longer matches the stack's repositories": {
                change: s => { scanning(s).rules[0].repositoryFilters = filters("sandbox-*"); },
                message: /repository expertconnect-backend is not scanned continuously by registry scanning scanning: no rule's filter matches it: .*its own scanOnPush is ignored/,
            },
            "the wildcard filter is misspelt with an underscore": { change: s => { scanning(s).rules[0].repositoryFilters = filters("expertconnect_*"); }, message: /no rule's filter matches it/ },
            "a new repository falls outside the filter": { change: s => { s.push(repository("ec-worker")); }, message: /repository ec-worker is not scanned continuously/ },
            "the only rule scans manually": { change: s => { scanning(s).rules[0].scanFrequency = "MANUAL"; }, message: /expertconnect-frontend is not scanned continuously/ },
            "enhanced scanning without rules (the provider sends an empty list)": { change: s => { scanning(s).rules = []; }, message: /no rule's filter matches it/ },
            "the rule scans on push instead of continuously": {
                change: s => { scanning(s).rules[0].scanFrequency = "SCAN_ON_PUSH"; }, message: /its only matching rule is SCAN_ON_PUSH: each image is scanned once/,
            },
            "a continuous rule covers the backend and a scan-on-push rule the rest": {
                change: s => { scanning(s).rules = [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("expertconnect-backend") }, { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: filters("*") }]; },
                message: /repository expertconnect-frontend .*SCAN_ON_PUSH/,
            },
            "basic scanning on push for every repository": {
                change: s => { scanning(s).scanType = "BASIC"; scanning(s).rules[0].scanFrequency = "SCAN_ON_PUSH"; }, message: /BASIC scanning scans it on push only: BASIC never rescans/,
            },
            "basic scanning without rules leaves it to the repositories' scanOnPush": {
                change: s => { scanning(s).scanType = "BASIC"; scanning(s).rules = []; }, message: /BASIC scanning scans it at most on push/,
            },
            "basic scanning filters miss a repository (AWS sets it to manual scans)": {
                change: s => { scanning(s).scanType = "BASIC"; scanning(s).rules[0].scanFrequency = "SCAN_ON_PUSH"; scanning(s).rules[0].repositoryFilters = filters("expertconnect-backend"); },
                message: /repository expertconnect-frontend .*sets it to manual scans/,
            },
            "the scanning configuration is removed (the registry is BASIC again)": {
                change: s => { s.splice(0, 1); }, message: /the us-east-1 registry, whose scanning configuration the stack does not hold|the stack's registry, whose scanning configuration the stack does not hold/,
            },
            "a task pulls a repository of the account no continuous filter matches": {
                change: s => { s.push(task(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/tools/migrator:v3`)); },
                message: /repository tools\/migrator \(task expertconnect-prod-worker .*\) is not scanned continuously/,
            },
        },
    });
});

describe("ECR scanning filters, as ECR matches them", () => {
    const cases: Array<[string, string, boolean]> = [
        ["prod", "repo-prod-repo", true], ["*prod", "prod-repo", false], ["prod*", "prodrepo", true], ["*prod*", "repo-prod-repo", true],
        ["prod*repo", "prod-repo", true], ["prod*repo", "repo-prod", false], ["expertconnect_*", "expertconnect-backend", false], ["Expertconnect-*", "expertconnect-backend", false],
    ];
    for (const [filter, name, matches] of cases) {
        it(`${filter} ${matches ? "matches" : "does not match"} ${name}`, () => expect(wildcardMatches(filter, name)).to.equal(matches));
    }
});

describe("unpinnedImage: an image reference pins one release", () => {
    const repo = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend`;
    const digest = `sha256:${"9b".repeat(32)}`;
    const pinned: Array<[string, string, Parameters<typeof unpinnedImage>[1]]> = [
        ["a version tag in an IMMUTABLE repository", `${repo}:v1.1.0`, { imageTagMutability: "IMMUTABLE" }],
        ["a digest, whatever the repository", `${repo}@${digest}`, { imageTagMutability: "MUTABLE" }],
        ["latest with a digest (the digest decides)", `${repo}:latest@${digest}`, undefined],
        ["a version tag outside the exclusion filters", `${repo}:v1.1.0`, { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "latest*", filterType: "WILDCARD" }] }],
        ["a version tag of a repository the stack does not hold (a replica: judged where it is owned)", `${repo}:v1.0.0`, undefined],
        ["a registry with a port and a version tag", "registry.example:5000/team/app:1.2.3", undefined],
        ["a version tag a MUTABLE_WITH_EXCLUSION filter keeps immutable", `${repo}:v1.1.0`, { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "v*", filterType: "WILDCARD" }] }],
    ];
    for (const [what, image, setting] of pinned) {
        it(`pins: ${what}`, () => expect(unpinnedImage(image, setting)).to.equal(undefined));
    }
    const unpinned: Array<[string, string, Parameters<typeof unpinnedImage>[1], RegExp]> = [
        ["the tag latest", `${repo}:latest`, { imageTagMutability: "IMMUTABLE" }, /moving tag latest: deploy a version tag/],
        ["no tag (Docker pulls latest)", repo, { imageTagMutability: "IMMUTABLE" }, /moving tag latest \(no tag given\)/],
        ["a channel name (stable)", `${repo}:Stable`, undefined, /moving tag Stable/],
        ["a version tag in a MUTABLE repository", `${repo}:v1.1.0`, { imageTagMutability: "MUTABLE" }, /tags are MUTABLE, so v1\.1\.0 can be pushed again/],
        ["a version tag in a repository without a tag setting (MUTABLE by default)", `${repo}:v1.1.0`, {}, /MUTABLE/],
        ["a tag the exclusion filters leave mutable", `${repo}:v1.1.0`, { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "v1.*", filterType: "WILDCARD" }] }, /ExclusionFilters leave v1\.1\.0 mutable/],
        ["a tag outside a MUTABLE_WITH_EXCLUSION repository's filters", `${repo}:v1.1.0`, { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "release-*", filterType: "WILDCARD" }] }, /setting MUTABLE_WITH_EXCLUSION leaves v1\.1\.0 mutable/],
        ["a malformed digest", `${repo}@sha256:abc`, { imageTagMutability: "IMMUTABLE" }, /moving tag latest/],
    ];
    for (const [what, image, setting, message] of unpinned) {
        it(`does not pin: ${what}`, () => expect(unpinnedImage(image, setting)).to.match(message));
    }
});

describe("ECR lifecycle rule selection, as ECR evaluates it", () => {
    const patterns: Array<[string, string, boolean]> = [
        ["v*", "v1.0.0", true], ["v*", "release-v1", false], ["*", "anything", true], ["*-rc*", "v2-rc1", true],
        ["v1.0.0", "v1.0.0", true], ["v1.0.0", "v1x0x0", false], ["prod*", "PROD1", false],
    ];
    for (const [pattern, tag, matches] of patterns) {
        it(`${pattern} ${matches ? "matches" : "does not match"} ${tag}`, () => expect(tagPatternMatches(pattern, tag)).to.equal(matches));
    }
    const rule = (rulePriority: number, selection: Record<string, unknown>) => ({ rulePriority, selection: { countType: "imageCountMoreThan", countNumber: 5, ...selection }, action: { type: "expire" } });
    const rules = [rule(3, { tagStatus: "any" }), rule(1, { tagStatus: "untagged" }), rule(2, { tagStatus: "tagged", tagPrefixList: ["v", "v1"] })];
    it("takes rules by rulePriority, whatever their order in the document, and stops at the first that selects", () =>
        expect(decidingRules(rules, { tag: "v1.0.0" }).map((r) => r.rulePriority)).to.deep.equal([2]));
    it("needs every listed prefix to be matched", () => expect(decidingRules(rules, { tag: "v2.0.0" }).map((r) => r.rulePriority)).to.deep.equal([3]));
    it("keeps every rule that may select an image pinned by digest (tag unknown) up to one that surely does", () =>
        expect(decidingRules(rules, {}).map((r) => r.rulePriority)).to.deep.equal([2, 3]));
});
