import { MockContext } from "./context";
import { resourceArn } from "./arn";
import { endpointOutputs } from "./endpoints";
import { ec2Id, idStyle, uuidFrom } from "./ids";
import { autoName, digest, parseToken, physicalName } from "./naming";

/** What the mock monitor knows about a resource being registered or read. */
export interface ResourceRequest {
    type: string;
    name: string;
    inputs: Record<string, any>;
    custom: boolean;
    /** Import or read id, when the program gave one. */
    id?: string;
}

/** The id and output state a provider would have returned. */
export interface ResourceResult {
    id: string | undefined;
    state: Record<string, any>;
}

export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/**
 * The outputs a real deployment would give this resource: inputs echoed, plus an id, an ARN
 * in the resource's region, a physical name when the program left it to auto-naming, and
 * endpoints for resources that have them. Generic over AWS; other packages echo inputs.
 */
export function resourceOutputs(req: ResourceRequest, ctx: MockContext): ResourceResult {
    const { type, name, inputs } = req;
    const hex = digest(ctx.stack, type, name);
    if (type === STACK_REFERENCE_TYPE) {
        return stackReferenceOutputs(String(inputs.name ?? name), ctx);
    }
    if (!req.custom) {
        return { id: undefined, state: { ...inputs } };
    }
    if (type.startsWith("pulumi:providers:")) {
        return { id: uuidFrom(hex), state: { ...inputs } };
    }
    const token = parseToken(type);
    const physical = physicalName(inputs, type);
    if (token.pkg !== "aws") {
        return { id: req.id || physical?.value || autoName(name, inputs, hex), state: { ...inputs } };
    }
    const region = typeof inputs.region === "string" ? inputs.region : ctx.region;
    let physicalValue = physical?.value ?? autoName(name, inputs, hex);
    if (token.module === "s3" && !physical) {
        physicalValue = physicalValue.toLowerCase();
    }
    const style = idStyle(token);
    const rawId = style === "ec2" ? ec2Id(token, hex) : style === "uuid" ? uuidFrom(hex) : style === "name" ? physicalValue : hex;
    const arn = resourceArn(token, physicalValue, rawId, inputs, { region, accountId: ctx.accountId });
    const id = req.id || (style === "arn" ? arn : rawId);
    const generatedName = physical ? {} : { [token.module === "s3" ? "bucket" : "name"]: physicalValue };
    const state: Record<string, any> = {
        ...inputs,
        ...generatedName,
        // Where `arn` is an argument (an event target's target, a topic policy's topic), AWS keeps it.
        arn: typeof inputs.arn === "string" ? inputs.arn : arn,
        region,
        ...(inputs.tags ? { tagsAll: inputs.tags } : {}),
        ...(style === "uuid" && token.module === "kms" ? { keyId: rawId } : {}),
        ...endpointOutputs({ token, name: physicalValue, id: rawId, hex, region, accountId: ctx.accountId, inputs }),
    };
    return { id, state };
}

/** The stack a StackReference names (`org/project/stack` or just `stack`). */
export function referencedStack(refName: string): string {
    return refName.split("/").pop() ?? refName;
}

/** A StackReference's outputs: those of the named stack. */
function stackReferenceOutputs(refName: string, ctx: MockContext): ResourceResult {
    const stack = referencedStack(refName);
    const outputs = ctx.stackOutputs[stack];
    if (!outputs) {
        const known = Object.keys(ctx.stackOutputs);
        throw new Error(
            `StackReference "${refName}": no offline outputs for stack "${stack}" ` +
            `(known: ${known.length ? known.join(", ") : "none"}); run that stack first`,
        );
    }
    return { id: refName, state: { name: refName, outputs, secretOutputNames: [] } };
}
