/**
 * `network-no-foreign-networks`: the VPC connects only to networks of this account or of
 * accounts the configuration trusts. Another account's security group admitted by a rule, its
 * transit gateway or peered VPC as a route's target, or a PrivateLink service it may connect to
 * unasked, each opens the stack's network to hosts nobody here controls.
 */
import { ACCOUNT_CONFIG, AccountConfig, stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { PathResource, StackIndex, strings } from "../paths/model";
import { GUIDE_NETWORK } from "./ingress";
import { SIDE_DOOR_TYPES, sideDoors } from "./sideDoors";
import { networkIndex, openEndpointServices, ownerOf, PEERING, routesOf, TGW_VPC_ATTACHMENT, TRANSIT_GATEWAY, unownedRouteTargets } from "./topology";

/** A transit gateway peered with another gateway, possibly of another account. */
const TGW_PEERING = "aws:ec2transitgateway/peeringAttachment:PeeringAttachment";

/** Security-group types and where each names peer groups. */
const PEER_GROUPS: Record<string, (props: Record<string, any>) => unknown> = {
    "aws:ec2/securityGroup:SecurityGroup": (p) => [p.ingress, p.egress].flat().map((r) => r?.securityGroups),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (p) => [p.ingress, p.egress].flat().map((r) => r?.securityGroups),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (p) => p.referencedSecurityGroupId,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (p) => p.referencedSecurityGroupId,
    "aws:ec2/securityGroupRule:SecurityGroupRule": (p) => p.sourceSecurityGroupId,
};

/** The account a peer group reference names (`444455556666/sg-…`, the cross-account form), if any. */
export function peerGroupAccount(reference: string): string | undefined {
    return /^(\d{12})\/sg-[0-9a-f]+$/.exec(reference)?.[1];
}

/** Why a transit gateway is not the stack's own: not declared here (so shared from elsewhere), or owned by an untrusted account. */
function foreignTransitGateway(ix: StackIndex, reference: unknown, deps: PathResource[], trusted: string[]): string | undefined {
    const tgw = deps.find((d) => d.type === TRANSIT_GATEWAY) ?? ix.named(reference, TRANSIT_GATEWAY)[0];
    if (!tgw) return `transit gateway ${String(reference)} is not declared by this stack (a gateway shared from another account)`;
    const owner = ownerOf(tgw);
    return owner !== undefined && !trusted.includes(owner) ? `transit gateway ${tgw.name} belongs to account ${owner}` : undefined;
}

/** Every connection to another account's network, as messages with the resource to change. */
export function foreignConnections(ix: StackIndex, trusted: string[]): Array<{ resource: PathResource; message: string }> {
    const out: Array<{ resource: PathResource; message: string }> = [];
    for (const r of ix.ofType(...Object.keys(PEER_GROUPS))) {
        for (const ref of strings(PEER_GROUPS[r.type](r.props))) {
            const account = peerGroupAccount(ref);
            if (account && !trusted.includes(account)) out.push({ resource: r, message: `${r.name} admits security group ${ref} of account ${account}` });
        }
    }
    for (const a of ix.ofType(TGW_VPC_ATTACHMENT)) {
        const deps = (a.propertyDependencies.transitGatewayId ?? []).map((u) => ix.urn(u)).filter((d): d is PathResource => !!d);
        const why = foreignTransitGateway(ix, a.props.transitGatewayId, deps, trusted);
        if (why) out.push({ resource: a, message: `${a.name} attaches the VPC to a network outside the account: ${why}` });
    }
    for (const a of ix.ofType(TGW_PEERING)) {
        const account = a.props.peerAccountId;
        if (typeof account === "string" && !trusted.includes(account)) out.push({ resource: a, message: `${a.name} peers a transit gateway with account ${account}` });
    }
    for (const route of routesOf(ix)) {
        const r = route.declaredBy;
        if (route.target === "transit-gateway") {
            const deps = (r.propertyDependencies.transitGatewayId ?? []).map((u) => ix.urn(u)).filter((d): d is PathResource => !!d);
            const why = foreignTransitGateway(ix, route.via, deps, trusted);
            if (why) out.push({ resource: r, message: `${r.name} routes ${route.destination} of ${route.table.name} to another account's network: ${why}` });
        }
        if (route.target === "peering") {
            const pcx = ix.named(route.via, PEERING)[0] ?? (r.propertyDependencies.vpcPeeringConnectionId ?? []).map((u) => ix.urn(u)).find((d) => d?.type === PEERING);
            const owner = pcx?.props.peerOwnerId;
            if (typeof owner === "string" && !trusted.includes(owner)) {
                out.push({ resource: r, message: `${r.name} routes ${route.destination} of ${route.table.name} to peering ${pcx!.name} with account ${owner}` });
            }
        }
    }
    for (const { declaredBy, destination, field, value } of unownedRouteTargets(ix)) {
        out.push({ resource: declaredBy, message: `${declaredBy.name} routes ${destination || "a destination"} to ${field} ${value}, which is no resource of this stack: that traffic leaves (or is intercepted) through something nobody here controls; target the stack's own gateway, NAT gateway, interface, endpoint or peering` });
    }
    for (const { service, principals } of openEndpointServices(ix, trusted)) {
        out.push({ resource: service, message: `endpoint service ${service.name} lets ${principals.join(", ")} connect without acceptance (acceptanceRequired is false)` });
    }
    return out;
}

/** Config: accounts, and the partners' PrivateLink services and VPN peers reviewed by the team. */
interface ForeignNetworksConfig extends AccountConfig {
    trustedEndpointServices: string[];
    trustedCustomerGatewayAddresses: string[];
}

export const networkNoForeignNetworks = stackPolicy<ForeignNetworksConfig>({
    name: "network-no-foreign-networks",
    description: "The VPC connects only to networks of this account or of trusted accounts: no security-group rule names another account's group, no route or attachment uses a transit gateway the stack " +
        "does not own or a peering with an untrusted account, every route targets a resource of the stack (gateway, NAT gateway, interface, instance, endpoint, peering) by the id AWS receives, no transit gateway peers with one, " +
        "no PrivateLink endpoint service admits other accounts without acceptance, no VPC endpoint reaches a PrivateLink service that is neither AWS's nor the stack's own, and no site-to-site VPN connects an untrusted customer gateway.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: GUIDE_NETWORK,
        remediationSteps: "Remove the cross-account rule, route, attachment, endpoint or VPN connection; list a partner account in trustedAccountIds, a partner's PrivateLink service in trustedEndpointServices " +
            "or a VPN peer's address in trustedCustomerGatewayAddresses only after review; give an endpoint service acceptanceRequired: true and allowedPrincipals naming only trusted accounts' roles.",
    },
    config: {
        ...ACCOUNT_CONFIG,
        trustedEndpointServices: {
            type: "array", items: { type: "string", pattern: "^com\\.amazonaws\\.vpce\\.[a-z0-9-]+\\.vpce-svc-[0-9a-f]+$" }, default: [],
            description: "PrivateLink services of partners a VPC endpoint may connect to, by service name (default none: only AWS services and the stack's own endpoint services).",
        },
        trustedCustomerGatewayAddresses: {
            type: "array", items: { type: "string" }, default: [],
            description: "Public addresses of customer gateways (VPN devices) a site-to-site VPN may connect the VPC to (default none: the guide runs no VPN).",
        },
    },
    types: [...Object.keys(PEER_GROUPS), TGW_VPC_ATTACHMENT, TGW_PEERING, "aws:ec2/route:Route", "aws:ec2/routeTable:RouteTable", "aws:ec2/vpcEndpointService:VpcEndpointService", ...SIDE_DOOR_TYPES],
    validate: (resources, report, { config }) => {
        const own = stackAccount(resources, config.accountId);
        // Without the stack's own account (a first preview) every account would look foreign: judge at the next run.
        if (own === undefined) return;
        const ix = networkIndex(resources);
        const accounts = [own, ...config.trustedAccountIds];
        const trust = { accounts, endpointServices: config.trustedEndpointServices, customerGatewayAddresses: config.trustedCustomerGatewayAddresses };
        for (const { resource, message } of [...foreignConnections(ix, accounts), ...sideDoors(ix, trust)]) {
            report(`${message}.`, resource.urn);
        }
    },
});
