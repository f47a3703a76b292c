import { resourcePolicy } from "../lib/define";
import { ECS_SERVICE } from "../lib/tokens";
import { GUIDE_ECS } from "./taskDefinition";

export const ecsNoPublicIp = resourcePolicy({
    name: "ecs-no-public-ip",
    description: "ECS services do not give their tasks public IP addresses.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ECS,
        fsbpControl: "ECS.2",
        remediationSteps: "Set networkConfiguration.assignPublicIp: false and run tasks in private subnets (NAT and VPC endpoints give them egress).",
    },
    types: ECS_SERVICE,
    validate: (props, report) => {
        if (props.networkConfiguration?.assignPublicIp === true) {
            report("networkConfiguration.assignPublicIp is true.");
        }
    },
});
