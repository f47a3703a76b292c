import { ResourceValidationArgs } from "@pulumi/policy";

import { ContainerDefinition, containersOf } from "../lib/containers";
import { Props, Report } from "../lib/define";

/** The guide's section describing the Fargate services. */
export const GUIDE_ECS = "Monitoring System Health › AWS Deployment Monitoring › Monitor ECS services";

/**
 * The containers of a task definition's inputs. Definitions that do not parse are reported once
 * (ECS would reject them) and the check ends.
 */
export function containersOrReport(props: Props, report: Report, args: ResourceValidationArgs): ContainerDefinition[] {
    const containers = containersOf(props.containerDefinitions);
    if (!containers) {
        report("containerDefinitions is not a JSON list of container definitions.");
        return [];
    }
    if (containers.length === 0) {
        return args.notApplicable("task definition has no containers");
    }
    return containers;
}
