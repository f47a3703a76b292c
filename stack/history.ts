import * as pulumi from "@pulumi/pulumi";
import { phaseTransitionProblem } from "../components/dr/phase";
import { ConfigError } from "../config";
import type { StackContext } from "./context";

/**
 * Outputs a deployment reads back from the one before it (index.ts exports them under these
 * names), so a renamed export breaks the build instead of the check.
 */
export const OWN_OUTPUTS = { drPhase: "drPhase" } as const;

/** `org/project/stack` of another stack of this project in the organization being deployed to. */
export function stackInThisOrganization(stack: string): string {
    return `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`;
}

/**
 * The dr stack's failover history, read before any other resource is registered: the phase
 * its last deployment recorded (its own `drPhase` output, through a StackReference to itself,
 * from the Pulumi backend and not from AWS). A phase that goes back or skips a step stops the
 * deployment with an error naming `expertconnect:dr.phase`: every resource registered after
 * this waits for the check (a stack transformation adds it to their `dependsOn`), so nothing
 * changes in AWS. Undefined in prod, whose fencing has no order.
 */
export function guardFailoverPhase({ cfg }: StackContext): pulumi.StackReference | undefined {
    if (cfg.environment !== "dr") return undefined;
    const lastDeployment = new pulumi.StackReference("last-deployment", { name: stackInThisOrganization(pulumi.getStack()) });
    const checked = lastDeployment.getOutput(OWN_OUTPUTS.drPhase).apply((previous): pulumi.Resource[] => {
        const problem = phaseTransitionProblem(previous, cfg.dr.phase);
        if (problem) throw new ConfigError([`expertconnect:dr.phase: ${problem}`]);
        return [];
    });
    // Children wait for their parent's registration, so gating the top-level resources gates all.
    pulumi.runtime.registerStackTransformation((args) => (args.opts.parent && !isStack(args.opts.parent)
        ? undefined
        : { props: args.props, opts: pulumi.mergeOptions(args.opts, { dependsOn: checked }) }));
    return lastDeployment;
}

function isStack(resource: pulumi.Resource): boolean {
    return pulumi.runtime.getStackResource() === resource;
}
