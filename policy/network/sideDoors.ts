/**
 * Ways into the VPC that no route table or security group of the stack shows as another
 * account's: an interface (or Gateway Load Balancer) endpoint to a PrivateLink service someone
 * else runs, a VPC Lattice resource of another account, and a site-to-site VPN to a customer
 * gateway, whose routes reach the subnets once propagated. Pure over the path model.
 */
import { arnParts, PathResource, StackIndex, strings } from "../paths/model";
import { ENDPOINT_SERVICE } from "./topology";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const VPN_CONNECTION = "aws:ec2/vpnConnection:VpnConnection";
const CUSTOMER_GATEWAY = "aws:ec2/customerGateway:CustomerGateway";

/** Types the checks read, for the policy's `types`. */
export const SIDE_DOOR_TYPES = [ENDPOINT, VPN_CONNECTION, CUSTOMER_GATEWAY];

/** What the configuration trusts beyond accounts: PrivateLink services and VPN peers reviewed by the team. */
export interface SideDoorTrust {
    /** Accounts whose networks are the stack's own or trusted. */
    accounts: string[];
    /** Service names (`com.amazonaws.vpce.<region>.vpce-svc-…`) of partners' PrivateLink services. */
    endpointServices: string[];
    /** Public addresses of customer gateways (the office's VPN device). */
    customerGatewayAddresses: string[];
}

/**
 * A PrivateLink service of some account: AWS's own services are `com.amazonaws.<region>.<service>`
 * (or `aws.api…`, `aws.sagemaker…`), a customer's or a Marketplace seller's carry its service id.
 */
function privateLinkServiceId(serviceName: string): string | undefined {
    return /(vpce-svc-[0-9a-f]+)$/.exec(serviceName)?.[1];
}

/** Names and ids of the endpoint services the stack declares itself. */
function ownServices(ix: StackIndex): Set<string> {
    return new Set(ix.ofType(ENDPOINT_SERVICE).flatMap((s) => strings([s.props.serviceName, s.props.id, s.id, typeof s.props.arn === "string" ? s.props.arn.split("/").pop() : undefined])));
}

/** Every endpoint or VPN that opens the VPC to a network nobody here controls. */
export function sideDoors(ix: StackIndex, trust: SideDoorTrust): Array<{ resource: PathResource; message: string }> {
    const out: Array<{ resource: PathResource; message: string }> = [];
    const own = ownServices(ix);
    for (const endpoint of ix.ofType(ENDPOINT)) {
        const name = typeof endpoint.props.serviceName === "string" ? endpoint.props.serviceName : "";
        const id = privateLinkServiceId(name);
        if (id && !own.has(id) && !own.has(name) && !trust.endpointServices.includes(name)) {
            out.push({ resource: endpoint, message: `${endpoint.name} connects the VPC to PrivateLink service ${name}, which is not an AWS service nor an endpoint service of this stack; list it in trustedEndpointServices only after review` });
        }
        for (const property of ["resourceConfigurationArn", "serviceNetworkArn"]) {
            const account = arnParts(endpoint.props[property]).account;
            if (account && !trust.accounts.includes(account)) {
                out.push({ resource: endpoint, message: `${endpoint.name} connects the VPC to ${property} ${String(endpoint.props[property])} of account ${account}` });
            }
        }
    }
    for (const vpn of ix.ofType(VPN_CONNECTION)) {
        const gateway = ix.refs(vpn, "customerGatewayId", CUSTOMER_GATEWAY)[0];
        const address = gateway?.props.ipAddress;
        if (typeof address === "string" && trust.customerGatewayAddresses.includes(address)) continue;
        const peer = typeof address === "string" ? `customer gateway ${gateway!.name} at ${address}` : `customer gateway ${String(vpn.props.customerGatewayId ?? "(unknown)")}`;
        out.push({ resource: vpn, message: `${vpn.name} opens a site-to-site VPN to ${peer}, a network outside AWS the configuration does not trust (trustedCustomerGatewayAddresses); its routes reach the VPC's subnets` });
    }
    return out;
}
