import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { ECS_SERVICE } from "../lib/tokens";

const DEPLOYMENT_GROUP = ["aws:codedeploy/deploymentGroup:DeploymentGroup"] as const;

interface DeploymentGroupProps {
    ecsService?: { serviceName?: string; clusterName?: string }[] | { serviceName?: string; clusterName?: string };
    autoRollbackConfiguration?: { enabled?: boolean; events?: string[] };
}

/** Whether an ECS service is deployed by CodeDeploy (blue/green) rather than by ECS itself. */
export function isCodeDeployService(props: Record<string, unknown>): boolean {
    const controller = props.deploymentController as { type?: string } | undefined;
    return controller?.type === "CODE_DEPLOY";
}

/** The deployment groups that deploy `service` (by dependency, else by service name). */
function groupsOf(service: PolicyResource, groups: PolicyResource[]): PolicyResource[] {
    const name = knownString(service, "name");
    return groups.filter(g => {
        if (Object.values(g.propertyDependencies).some(deps => deps.includes(service))) {
            return true;
        }
        const ecs = knownDeep(() => (g.props as DeploymentGroupProps).ecsService);
        const targets = Array.isArray(ecs) ? ecs : ecs ? [ecs] : [];
        return name !== undefined && targets.some(t => t.serviceName === name);
    });
}

export const ecsCodeDeployRollback = stackPolicy({
    name: "ecs-codedeploy-rollback",
    description: "ECS services deployed by CodeDeploy (blue/green, where ECS's circuit breaker does not apply) have a deployment group that rolls back a failed deployment.",
    enforcementLevel: "mandatory",
    onlyWith: ECS_SERVICE[0],
    metadata: {
        severity: "medium",
        guideSection: "Update Procedures › Code Updates",
        fsbpControl: undefined,
        remediationSteps: "Give the service an aws.codedeploy.DeploymentGroup (ecsService naming it) with autoRollbackConfiguration " +
            "{ enabled: true, events: [\"DEPLOYMENT_FAILURE\"] } (add DEPLOYMENT_STOP_ON_ALARM with alarmConfiguration).",
    },
    validate: (resources, report) => {
        const groups = ofType(resources, DEPLOYMENT_GROUP);
        for (const service of ofType(resources, ECS_SERVICE)) {
            const props = knownDeep(() => service.props as Record<string, unknown>);
            if (props === undefined || !isCodeDeployService(props)) {
                continue;
            }
            const name = knownString(service, "name") ?? service.name;
            const own = groupsOf(service, groups);
            if (own.length === 0) {
                report(`service ${name} is deployed by CodeDeploy but no deployment group in the stack deploys it, so nothing rolls a failed deployment back.`, service.urn);
                continue;
            }
            for (const group of own) {
                const rollback = knownDeep(() => (group.props as DeploymentGroupProps).autoRollbackConfiguration);
                if (rollback?.enabled !== true) {
                    report(`deployment group ${group.name} of service ${name} does not roll back automatically (autoRollbackConfiguration.enabled).`, group.urn);
                } else if (!(rollback.events ?? []).includes("DEPLOYMENT_FAILURE")) {
                    report(`deployment group ${group.name} of service ${name} does not roll back on DEPLOYMENT_FAILURE.`, group.urn);
                }
            }
        }
    },
});
