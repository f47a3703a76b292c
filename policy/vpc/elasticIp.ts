/**
 * `vpc-no-elastic-ip-on-instances` (FSBP EC2.9): an Elastic IP gives an instance or a network
 * interface a public address whatever the instance's own `associatePublicIpAddress` says, so the
 * association is what is judged. A NAT gateway's address (its `allocationId`) is the edge and stays.
 */
import { stackPolicy } from "../lib/define";
import { PathResource, StackIndex } from "../paths/model";
import { GUIDE_NETWORK } from "../network/ingress";
import { networkIndex } from "../network/topology";

const EIP = "aws:ec2/eip:Eip";
const EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation";
const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";

/** The properties through which each type attaches an address to an instance or an interface. */
const ATTACHES: Record<string, string[]> = {
    [EIP]: ["instance", "networkInterface"],
    [EIP_ASSOCIATION]: ["instanceId", "networkInterfaceId"],
};

/** Elastic IPs and associations that put a public address on an instance or an interface other than a NAT gateway's. */
export function publicAddressAttachments(ix: StackIndex): Array<{ resource: PathResource; property: string; target: string }> {
    const natAddresses = new Set(ix.ofType(NAT_GATEWAY).flatMap((n) => ix.refs(n, "allocationId", EIP)));
    // A NAT gateway's own interface carries its address: the state names it as the address's networkInterface.
    const natInterfaces = new Set(ix.ofType(NAT_GATEWAY).map((n) => n.props.networkInterfaceId).filter((v) => typeof v === "string"));
    const out: Array<{ resource: PathResource; property: string; target: string }> = [];
    for (const resource of ix.ofType(EIP, EIP_ASSOCIATION)) {
        const addresses = resource.type === EIP ? [resource] : ix.refs(resource, "allocationId", EIP);
        if (addresses.some((a) => natAddresses.has(a))) continue;
        for (const property of ATTACHES[resource.type]) {
            const value = resource.props[property];
            const dependsOn = (resource.propertyDependencies[property] ?? []).length > 0;
            if ((typeof value === "string" && value !== "" && !natInterfaces.has(value)) || (value === undefined && dependsOn)) {
                out.push({ resource, property, target: typeof value === "string" ? value : "a resource of the stack" });
            }
        }
    }
    return out;
}

export const vpcNoElasticIpOnInstances = stackPolicy({
    name: "vpc-no-elastic-ip-on-instances",
    description: "No Elastic IP is associated with an EC2 instance or a network interface (aws.ec2.Eip instance/networkInterface, aws.ec2.EipAssociation); only NAT gateways hold Elastic IPs.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.9",
        remediationSteps: "Remove the Elastic IP's instance/networkInterface (or the EipAssociation); reach instances through the load balancer or SSM Session Manager, and the internet through the NAT gateways.",
    },
    types: [EIP, EIP_ASSOCIATION],
    validate: (resources, report) => {
        for (const { resource, property, target } of publicAddressAttachments(networkIndex(resources))) {
            report(`${resource.name} gives ${target} a public address through ${property}; an instance is reached through the load balancer, not an Elastic IP.`, resource.urn);
        }
    },
});
