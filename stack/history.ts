import * as pulumi from "@pulumi/pulumi";
import { DrPhase, phaseTransitionProblem } from "../components/dr/phase";
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
    const checked = phaseGate(lastDeployment, cfg.dr.phase);
    // Children wait for their parent's registration, so gating the top-level resources gates all.
    pulumi.runtime.registerStackTransformation((args) => (args.opts.parent && !isStack(args.opts.parent)
        ? undefined
        : { props: args.props, opts: pulumi.mergeOptions(args.opts, { dependsOn: checked }) }));
    return lastDeployment;
}

/**
 * A `dependsOn` that resolves (to nothing) once `phase` is found to follow the phase the stack
 * last deployed, and fails with a ConfigError naming `expertconnect:dr.phase` otherwise: a
 * resource that depends on it is never sent to the engine.
 */
export function phaseGate(lastDeployment: pulumi.StackReference, phase: DrPhase): pulumi.Output<pulumi.Resource[]> {
    return lastDeployment.getOutput(OWN_OUTPUTS.drPhase).apply((previous): pulumi.Resource[] => {
        const problem = phaseTransitionProblem(previous, phase);
        if (problem) throw new ConfigError([`expertconnect:dr.phase: ${problem}`]);
        return [];
    });
}

function isStack(resource: pulumi.Resource): boolean {
    return pulumi.runtime.getStackResource() === resource;
}
