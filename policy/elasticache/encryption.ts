import { resourcePolicy } from "../lib/define";
import { ELASTICACHE_REPLICATION_GROUP } from "../lib/tokens";

/** The guide-map row for Redis ("Implement caching with Redis"). */
export const GUIDE_CACHE = "Performance Optimization › Application Optimization › Implement caching with Redis";

export const elasticacheEncryptionAtRest = resourcePolicy({
    name: "elasticache-encryption-at-rest",
    description: "ElastiCache replication groups encrypt data at rest.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_CACHE,
        fsbpControl: "ElastiCache.4",
        remediationSteps: "Set atRestEncryptionEnabled: true and kmsKeyId (this replaces the replication group).",
    },
    types: ELASTICACHE_REPLICATION_GROUP,
    validate: (props, report) => {
        if (props.atRestEncryptionEnabled !== true) {
            report("atRestEncryptionEnabled is not true.");
        }
    },
});

export const elasticacheEncryptionInTransit = resourcePolicy({
    name: "elasticache-encryption-in-transit",
    description: "ElastiCache replication groups require TLS.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_CACHE,
        fsbpControl: "ElastiCache.5",
        remediationSteps: "Set transitEncryptionEnabled: true (and transitEncryptionMode \"required\" once clients use TLS).",
    },
    types: ELASTICACHE_REPLICATION_GROUP,
    validate: (props, report) => {
        if (props.transitEncryptionEnabled !== true) {
            report("transitEncryptionEnabled is not true.");
        } else if (props.transitEncryptionMode === "preferred") {
            report("transitEncryptionMode is preferred: clients may still connect without TLS.");
        }
    },
});
