import { resourcePolicy } from "../lib/define";
import { ECS_SERVICE } from "../lib/tokens";
import { isCodeDeployService } from "./codeDeployRollback";

export const ecsCircuitBreaker = resourcePolicy({
    name: "ecs-deployment-circuit-breaker",
    description: "ECS services on the ECS deployment controller stop a failing deployment and roll back (deployment circuit breaker with rollback).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Update Procedures › Code Updates",
        fsbpControl: undefined,
        remediationSteps: "Set deploymentCircuitBreaker: { enable: true, rollback: true } (services on the ECS deployment controller; " +
            "CODE_DEPLOY services are judged by ecs-codedeploy-rollback instead).",
    },
    types: ECS_SERVICE,
    validate: (props, report, { args }) => {
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
