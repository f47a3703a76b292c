import { resourcePolicy } from "../lib/define";
import { ELASTICACHE_REPLICATION_GROUP } from "../lib/tokens";
import { GUIDE_CACHE } from "./encryption";

export const elasticacheAutomaticFailover = resourcePolicy({
    name: "elasticache-automatic-failover",
    description: "Production ElastiCache replication groups fail over automatically across AZs.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_CACHE,
        fsbpControl: "ElastiCache.3",
        remediationSteps: "Set automaticFailoverEnabled: true and multiAzEnabled: true with at least two nodes (numCacheClusters ≥ 2).",
    },
    types: ELASTICACHE_REPLICATION_GROUP,
    validate: (props, report) => {
        if (props.automaticFailoverEnabled !== true) {
            report("automaticFailoverEnabled is not true.");
        }
        if (props.multiAzEnabled !== true) {
            report("multiAzEnabled is not true.");
        }
    },
});
