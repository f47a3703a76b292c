import { elasticacheAuth } from "../../policy/elasticache/auth";
import { elasticacheEncryptionAtRest, elasticacheEncryptionInTransit } from "../../policy/elasticache/encryption";
import { elasticacheAutomaticFailover } from "../../policy/elasticache/failover";
import { resourceTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { secret } from "./support/harness";

const cache = {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    name: "cache",
    props: {
        replicationGroupId: "expertconnect-prod-cache",
        description: "ExpertConnect cache",
        engine: "valkey",
        nodeType: "cache.t4g.small",
        numCacheClusters: 2,
        atRestEncryptionEnabled: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/cache`,
        transitEncryptionEnabled: true,
        authToken: secret("a-long-generated-auth-token-from-secrets-manager"),
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        tags: TAGS,
    },
};

describe("elasticache-encryption-at-rest", () => {
    resourceTable(elasticacheEncryptionAtRest, cache, {
        violations: {
            "encryption at rest is unset": { change: r => delete r.props.atRestEncryptionEnabled, message: /atRestEncryptionEnabled is not true/ },
            "encryption at rest is off": { change: r => { r.props.atRestEncryptionEnabled = false; }, message: /atRestEncryptionEnabled is not true/ },
        },
    });
});

describe("elasticache-encryption-in-transit", () => {
    resourceTable(elasticacheEncryptionInTransit, cache, {
        passes: { "TLS is required": { change: r => { r.props.transitEncryptionMode = "required"; } } },
        violations: {
            "TLS is off": { change: r => { r.props.transitEncryptionEnabled = false; }, message: /transitEncryptionEnabled is not true/ },
            "TLS is only preferred": { change: r => { r.props.transitEncryptionMode = "preferred"; }, message: /preferred/ },
        },
    });
});

describe("elasticache-auth", () => {
    resourceTable(elasticacheAuth, cache, {
        passes: {
            "RBAC user groups are used instead of a token": { change: r => { delete r.props.authToken; r.props.userGroupIds = ["expertconnect-prod"]; } },
            "the token is sent write-only (authTokenWo)": {
                change: r => { delete r.props.authToken; r.props.authTokenWo = secret("a-long-generated-auth-token-from-secrets-manager"); },
            },
        },
        violations: {
            "there is neither a token nor user groups": { change: r => delete r.props.authToken, message: /neither authToken nor userGroupIds/ },
            "the user group list is empty": { change: r => { delete r.props.authToken; r.props.userGroupIds = []; }, message: /neither authToken/ },
            "the write-only token is empty": { change: r => { delete r.props.authToken; r.props.authTokenWo = ""; }, message: /neither authToken/ },
        },
    });
});

describe("elasticache-automatic-failover", () => {
    resourceTable(elasticacheAutomaticFailover, cache, {
        violations: {
            "automatic failover is off": { change: r => { r.props.automaticFailoverEnabled = false; }, message: /automaticFailoverEnabled is not true/ },
            "Multi-AZ is off": { change: r => delete r.props.multiAzEnabled, message: /multiAzEnabled is not true/ },
        },
        notApplicable: { "the stack is dr (single node)": { config: { environment: "dr" }, change: r => { r.props.automaticFailoverEnabled = false; r.props.multiAzEnabled = false; } } },
    });
});
