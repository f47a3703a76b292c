import { resourcePolicy } from "../lib/define";
import { ECS_SERVICE } from "../lib/tokens";
import { isCodeDeployService } from "./codeDeployRollback";

/** ECS's minimum healthy percent when the service does not set it (ECS deployment controller). */
const ECS_DEFAULT_MINIMUM_HEALTHY_PERCENT = 100;

export const ecsCircuitBreaker = resourcePolicy<{ minimumHealthyPercent: number }>({
    name: "ecs-deployment-circuit-breaker",
    description: "ECS services on the ECS deployment controller stop a failing deployment and roll back (deployment circuit breaker with rollback), and a service behind a load balancer keeps at least minimumHealthyPercent of its tasks serving during a deployment (0 stops them all before the new ones are healthy).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Update Procedures › Code Updates",
        fsbpControl: undefined,
        remediationSteps: "Set deploymentCircuitBreaker: { enable: true, rollback: true } (services on the ECS deployment controller; " +
            "CODE_DEPLOY services are judged by ecs-codedeploy-rollback instead); keep deploymentMinimumHealthyPercent at or above the minimum (100, the default, replaces tasks only once new ones are healthy).",
    },
    config: {
        minimumHealthyPercent: {
            type: "integer", minimum: 1, maximum: 100, default: 50,
            description: "Lowest deploymentMinimumHealthyPercent of a service behind a load balancer: the share of its tasks that keep serving while a deployment replaces them (default 50).",
        },
    },
    types: ECS_SERVICE,
    validate: (props, report, { args, config }) => {
        const serving = Array.isArray(props.loadBalancers) && props.loadBalancers.length > 0;
        const minimum = props.deploymentMinimumHealthyPercent ?? ECS_DEFAULT_MINIMUM_HEALTHY_PERCENT;
        if (serving && typeof minimum === "number" && minimum < config.minimumHealthyPercent) {
            report(`deploymentMinimumHealthyPercent is ${minimum}: a deployment may stop ${minimum === 0 ? "every task" : "most tasks"} behind the load balancer before the new ones are healthy (an outage each deploy). Set at least ${config.minimumHealthyPercent} (100 keeps full capacity).`);
        }
        if (isCodeDeployService(props)) {
            return args.notApplicable("deployed by CodeDeploy, which has no circuit breaker: ecs-codedeploy-rollback requires its automatic rollback");
        }
        if (props.deploymentController?.type === "EXTERNAL") {
            report("deploymentController is EXTERNAL: neither ECS's circuit breaker nor CodeDeploy's rollback protects the deployment.");
            return;
        }
        const breaker = props.deploymentCircuitBreaker;
        if (breaker?.enable !== true) {
            report("deploymentCircuitBreaker is not enabled: a broken image would keep replacing healthy tasks.");
        } else if (breaker.rollback !== true) {
            report("deploymentCircuitBreaker.rollback is not true: a failed deployment would stay failed.");
        }
    },
});
