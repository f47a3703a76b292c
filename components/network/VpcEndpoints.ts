import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";

/**
 * Interface endpoints the tasks need: image pulls (ECR API and registry), logs, secrets and
 * parameters at start-up, and the SSM message channels ECS Exec uses.
 */
export const interfaceEndpointServices = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages"] as const;

export interface VpcEndpointsArgs {
    /** Name prefix for the endpoint security group, e.g. `expertconnect-prod`. */
    namePrefix: string;
    /** VPC the endpoints serve. */
    vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the only source allowed to reach the endpoints. */
    vpcCidrBlock: string;
    /** Subnets that get an interface-endpoint network interface (one per AZ). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Route tables that get the S3 gateway route (ECR image layers live in S3). */
    routeTableIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Interface endpoint services, as in `com.amazonaws.<region>.<service>`. @default interfaceEndpointServices */
    services?: readonly string[];
}

/** VPC endpoints, so traffic to AWS APIs stays in the VPC and does not pay for NAT. */
export class VpcEndpoints extends pulumi.ComponentResource {
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly endpointIds: pulumi.Output<string[]>;

    constructor(name: string, args: VpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:network:VpcEndpoints", name, {}, opts);
        const tags = (suffix: string) => resourceTags(args.tags, "network", { Name: `${args.namePrefix}-${suffix}` });
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const serviceName = (service: string) => pulumi.interpolate`com.amazonaws.${region}.${service}`;

        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: "VPC interface endpoints: HTTPS from inside the VPC only",
            tags: tags("vpc-endpoints"),
        }, { parent: this });
        new aws.vpc.SecurityGroupIngressRule(`${name}-sg-https`, {
            securityGroupId: sg.id,
            description: "HTTPS from the VPC to AWS APIs",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: args.vpcCidrBlock,
            tags: tags("vpc-endpoints-https"),
        }, { parent: this });

        const s3 = new aws.ec2.VpcEndpoint(`${name}-s3`, {
            vpcId: args.vpcId,
            serviceName: serviceName("s3"),
            vpcEndpointType: "Gateway",
            routeTableIds: args.routeTableIds,
            tags: tags("s3"),
        }, { parent: this });
        const interfaces = (args.services ?? interfaceEndpointServices).map((service) =>
            new aws.ec2.VpcEndpoint(`${name}-${service.replace(/\./g, "-")}`, {
                vpcId: args.vpcId,
                serviceName: serviceName(service),
                vpcEndpointType: "Interface",
                subnetIds: args.subnetIds,
                securityGroupIds: [sg.id],
                privateDnsEnabled: true,
                tags: tags(service),
            }, { parent: this }));

        this.securityGroupId = sg.id;
        this.endpointIds = pulumi.all([s3, ...interfaces].map((e) => e.id));
        this.registerOutputs({ securityGroupId: this.securityGroupId, endpointIds: this.endpointIds });
    }
}
