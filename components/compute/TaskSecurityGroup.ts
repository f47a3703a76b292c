import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";

/** An outbound rule of a task security group. */
export interface EgressRule {
    /** Why the traffic is allowed, shown in the console. */
    description: string;
    /** TCP port. */
    port: number;
    /** Destination IPv4 blocks, one rule each. */
    cidrBlocks: string[];
}

export interface TaskSecurityGroupArgs {
    /** What the tasks are, for the description, e.g. `expertconnect-prod-backend`. */
    serviceName: string;
    /** VPC of the group. */
    vpcId: pulumi.Input<string>;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Component tag value, e.g. `backend`. */
    component: string;
    /** Outbound rules. @default HTTPS to anywhere (AWS APIs, external providers) */
    egress?: EgressRule[];
}

/** HTTPS anywhere: AWS APIs without an endpoint in the VPC, and external providers. */
export const defaultEgress: readonly EgressRule[] = [{ description: "HTTPS to AWS APIs and external providers", port: 443, cidrBlocks: ["0.0.0.0/0"] }];

/**
 * The security group of one service's tasks, with its outbound rules only. It exists apart
 * from the Service so data stores can admit it before the service is defined; the Service
 * adds the single inbound rule (from the load balancer).
 */
export class TaskSecurityGroup extends pulumi.ComponentResource {
    public readonly id: pulumi.Output<string>;

    constructor(name: string, args: TaskSecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:compute:TaskSecurityGroup", name, {}, opts);
        const tags = resourceTags(args.tags, args.component);
        const sg = new aws.ec2.SecurityGroup(name, {
            vpcId: args.vpcId,
            description: `${args.serviceName} tasks: from the load balancer only`,
            tags,
        }, { parent: this });
        for (const rule of args.egress ?? defaultEgress) {
            rule.cidrBlocks.forEach((cidr, i) => new aws.vpc.SecurityGroupEgressRule(`${name}-out-${rule.port}-${i}`, {
                securityGroupId: sg.id,
                cidrIpv4: cidr,
                ipProtocol: "tcp", fromPort: rule.port, toPort: rule.port,
                description: rule.description,
                tags,
            }, { parent: this }));
        }
        this.id = sg.id;
        this.registerOutputs({ id: this.id });
    }
}
