/**
 * Which route table a subnet uses, stated once for the network policies (policy/network/
 * topology.ts: NAT zones, NACLs, internet subnets) and the runtime paths (origin.ts: endpoints
 * and NAT on a workload's way out). AWS's rule: the subnet's explicit association; else its VPC's
 * main table, which the stack holds as a main-table association's table or an adopted default
 * table; else, in a VPC the stack creates, AWS's own main table, which holds the local route only.
 * Each reader resolves references its own way (the network policies take every table a value or a
 * stale dependency names, the worse deciding; the paths take the value AWS receives).
 */
import { PathResource, StackIndex } from "./model";

const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const MAIN_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation";

/** AWS's own main route table of a VPC the stack creates, which the stack does not hold: the local route only. */
export const LOCAL_ONLY = Symbol("the VPC's main route table: local route only");

/** How a reader resolves what the rule needs. */
export interface TableLinks {
    /** The resources of `types` that `source.<property>` names. */
    refs(source: PathResource, property: string, ...types: string[]): PathResource[];
    /** Whether `r` (a main-table association, a default route table) belongs to `subnet`'s VPC. */
    sameVpc(r: PathResource, subnet: PathResource): boolean;
    /** Whether the stack creates `subnet`'s VPC (so its own main table, local only, applies). */
    vpcHeld(subnet: PathResource): boolean;
}

/** The route tables `subnet` uses (several only when a reader's references disagree), LOCAL_ONLY, or none the stack shows (empty). */
export function routeTablesOf(ix: StackIndex, subnet: PathResource, links: TableLinks): PathResource[] | typeof LOCAL_ONLY {
    const tables = (r: PathResource) => links.refs(r, "routeTableId", ROUTE_TABLE, DEFAULT_TABLE);
    // An association decides even when its table is none the stack shows: the main table no longer applies.
    const associations = ix.ofType(ASSOCIATION).filter((a) => links.refs(a, "subnetId", SUBNET).includes(subnet));
    if (associations.length > 0) return [...new Set(associations.flatMap(tables))];
    const main = ix.ofType(MAIN_ASSOCIATION).filter((a) => links.sameVpc(a, subnet)).flatMap(tables);
    if (main.length > 0) return [...new Set(main)];
    const adopted = ix.ofType(DEFAULT_TABLE).filter((t) => links.sameVpc(t, subnet));
    if (adopted.length > 0) return adopted;
    return links.vpcHeld(subnet) ? LOCAL_ONLY : [];
}
