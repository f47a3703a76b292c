import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";

export interface IngressSecurityGroupArgs {
    /** VPC of the data store. */
    vpcId: pulumi.Input<string>;
    /** TCP port the data store listens on. */
    port: number;
    /** Security groups allowed in, by a short label used in logical names and descriptions (e.g. `backend`). */
    allowedSources: Record<string, pulumi.Input<string>>;
    /** What the group protects, shown in the console. */
    description: string;
    tags: TagContext;
    component: string;
}

/** A data store's security group and what a later {@link admit} needs. */
export interface IngressSecurityGroup {
    group: aws.ec2.SecurityGroup;
    /** Admits one more client security group on the store's port. */
    admit(label: string, sourceSecurityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule;
}

/**
 * A security group for a data store: one ingress rule per allowed source security group on
 * the store's port, nothing from CIDR ranges, and no egress rule at all (a database or cache
 * never opens connections; the provider removes AWS's default allow-all egress).
 */
export function ingressSecurityGroup(name: string, args: IngressSecurityGroupArgs, parent: pulumi.Resource): IngressSecurityGroup {
    const group = new aws.ec2.SecurityGroup(`${name}-sg`, {
        vpcId: args.vpcId,
        description: args.description,
        tags: resourceTags(args.tags, args.component),
    }, { parent });
    const admit = (label: string, sourceId: pulumi.Input<string>) => new aws.vpc.SecurityGroupIngressRule(`${name}-from-${label}`, {
        securityGroupId: group.id,
        referencedSecurityGroupId: sourceId,
        ipProtocol: "tcp",
        fromPort: args.port,
        toPort: args.port,
        description: `${label} to port ${args.port}`,
        tags: resourceTags(args.tags, args.component),
    }, { parent });
    for (const [label, sourceId] of Object.entries(args.allowedSources)) admit(label, sourceId);
    return { group, admit };
}
