import { resourcePolicy } from "../lib/define";
import { ECS_SERVICE } from "../lib/tokens";

export const ecsCircuitBreaker = resourcePolicy({
    name: "ecs-deployment-circuit-breaker",
    description: "ECS services stop a failing deployment and roll back (deployment circuit breaker with rollback).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Update Procedures › Code Updates",
        fsbpControl: undefined,
        remediationSteps: "Set deploymentCircuitBreaker: { enable: true, rollback: true }.",
    },
    types: ECS_SERVICE,
    validate: (props, report) => {
        const breaker = props.deploymentCircuitBreaker;
        if (breaker?.enable !== true) {
            report("deploymentCircuitBreaker is not enabled: a broken image would keep replacing healthy tasks.");
        } else if (breaker.rollback !== true) {
            report("deploymentCircuitBreaker.rollback is not true: a failed deployment would stay failed.");
        }
    },
});
