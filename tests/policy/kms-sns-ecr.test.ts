import { ecrImmutableTags } from "../../policy/ecr/immutableTags";
import { ecrScanOnPush } from "../../policy/ecr/scanOnPush";
import { kmsDeletionWindow } from "../../policy/kms/deletionWindow";
import { kmsKeyEnabled } from "../../policy/kms/enabled";
import { kmsKeyRotation } from "../../policy/kms/rotation";
import { snsTopicEncrypted } from "../../policy/sns/encryption";
import { resourceTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { UNKNOWN } from "./support/harness";

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
