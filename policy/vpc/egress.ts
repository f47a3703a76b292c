/**
 * `vpc-egress-paths`: the way the stack's private subnets and tasks leave the VPC, as AWS routes
 * them. A private subnet sends its default route to the NAT gateway of its own Availability Zone
 * when the VPC has one there (another zone's NAT bills every byte as cross-zone transfer and takes
 * the subnet's egress down with that zone), and in production every zone with such a subnet has its
 * NAT gateway (one NAT is one zone's outage away from cutting the payment provider and every other
 * outbound call). The calls the tasks make to AWS at start and while serving — image pulls (ECR's
 * API and registry, layers from S3), logs, the secrets and parameters they are given, the
 * application's buckets — go through the VPC's endpoints, not the NAT gateways: through NAT they
 * are billed per GB and depend on the NAT's capacity and the internet path. Where a call goes is
 * decided as the runtime paths decide it (policy/paths/origin.ts). And a service whose security
 * groups open the internet (the video provider; AWS's APIs without an endpoint) has a way there
 * from every subnet it runs in, in every phase: dr's pilot light is promoted by scaling it up, not
 * by adding routes, so a standby without them fails those calls on the day it serves.
 */
import { stackPolicy } from "../lib/define";
import { taskCalls } from "../paths/awsCalls";
import { PathResource, StackIndex } from "../paths/model";
import { ec2Id, Origin, UNKNOWN_ORIGIN } from "../paths/origin";
import { ECS_SERVICE, tasksOf } from "../paths/tasks";
import { SECURITY_GROUP } from "../lib/tokens";
import { egressRules, reachesInternet } from "../network/dataEgress";
import { allRefs, NAT_GATEWAY, networkIndex, Route, routesOf, SUBNET, subnetTables } from "../network/topology";
import { GUIDE_NETWORK } from "../network/ingress";

/** Whether a call from this origin leaves through a NAT gateway (its public address is the source). */
export function throughNat(o: Origin): boolean {
    return o !== UNKNOWN_ORIGIN && !("aws:SourceVpce" in o.context) && !o.unknown.includes("aws:SourceVpce")
        && ("aws:SourceIp" in o.context || o.unknown.includes("aws:SourceIp"));
}

/** The Availability Zone of each NAT gateway (by its subnet) that opens connections to the internet. */
function natZones(ix: StackIndex): Map<PathResource, string | undefined> {
    return new Map(ix.ofType(NAT_GATEWAY).filter((n) => n.props.connectivityType !== "private")
        .map((n) => [n, allRefs(ix, n, "subnetId", SUBNET)[0]?.props.availabilityZone as string | undefined]));
}

/**
 * Each ECS service whose security groups let it open connections to internet addresses, with the
 * subnets it runs in that have no default route out: to a NAT gateway, or to an internet gateway
 * for tasks given a public address. AWS's own main table of a VPC holds the local route only.
 */
export function servicesWithoutWayOut(resources: Parameters<typeof egressRules>[0], ix: StackIndex, tables: Map<PathResource, PathResource[]>, byTable: Map<PathResource, Route[]>):
    Array<{ service: PathResource; subnet: PathResource }> {
    const open = new Set(egressRules(resources).filter((e) => e.rule.addressSources.some(reachesInternet)).map((e) => e.group.urn));
    const out: Array<{ service: PathResource; subnet: PathResource }> = [];
    for (const service of ix.ofType(ECS_SERVICE)) {
        if (!allRefs(ix, service, "networkConfiguration", ...SECURITY_GROUP).some((g) => open.has(g.urn))) continue;
        const publicIp = service.props.networkConfiguration?.assignPublicIp === true;
        for (const subnet of allRefs(ix, service, "networkConfiguration", SUBNET)) {
            const ways = (tables.get(subnet) ?? []).flatMap((t) => byTable.get(t) ?? []).filter((r) => r.destination === "0.0.0.0/0"
                && (r.target === "nat-gateway" || (r.target === "internet-gateway" && publicIp)));
            if (ways.length === 0) out.push({ service, subnet });
        }
    }
    return out;
}

export const vpcEgressPaths = stackPolicy({
    name: "vpc-egress-paths",
    description: "A private subnet's default route goes to the NAT gateway of its own Availability Zone when the VPC has one there (cross-zone transfer billed on every byte, and the subnet's egress tied to another zone); " +
        "in production every zone with such a subnet has its own NAT gateway; a service whose security groups open the internet has a default route out (NAT, or the internet gateway with a public address) from every subnet it runs in, in every phase (dr's pilot light too); and the AWS calls each ECS task makes at start and while serving (ECR API and registry, image layers in S3, logs, its parameters and secrets, the application's buckets) go through the VPC's endpoints, not a NAT gateway (billed per GB, and dependent on NAT capacity and the internet).",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_NETWORK,
        fsbpControl: undefined,
        remediationSteps: "Route each private subnet's 0.0.0.0/0 to the NAT gateway in its own zone (components/network creates one per zone in prod); keep the S3 gateway endpoint on the private route tables and the interface endpoints " +
            "(ecr.api, ecr.dkr, logs, ssm, secretsmanager) with private DNS in the task subnets.",
    },
    validate: (resources, report, { config }) => {
        const ix = networkIndex(resources);
        const zones = natZones(ix);
        const zonesWithNat = new Set([...zones.values()].filter((z): z is string => z !== undefined));
        const tables = subnetTables(ix);
        const byTable = new Map<PathResource, ReturnType<typeof routesOf>>();
        for (const r of routesOf(ix)) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
        const missing = new Set<string>();
        for (const [subnet, subnetTableList] of tables) {
            const zone = subnet.props.availabilityZone as string | undefined;
            for (const route of subnetTableList.flatMap((t) => byTable.get(t) ?? [])) {
                if (route.target !== "nat-gateway" || route.destination !== "0.0.0.0/0") continue;
                const nat = [...zones.keys()].find((n) => ec2Id(n) === route.via || n.name === route.via);
                const natZone = nat ? zones.get(nat) : undefined;
                if (zone === undefined || natZone === undefined) continue;
                if (natZone !== zone && zonesWithNat.has(zone)) {
                    report(`subnet ${subnet.props.id ?? subnet.name} (${zone}) sends its internet traffic to NAT gateway ${route.via} in ${natZone} although ${zone} has its own: every byte is billed as cross-zone transfer, and ${natZone}'s outage cuts this subnet's egress. Route it to the NAT gateway of ${zone}.`, route.declaredBy.urn);
                } else if (natZone !== zone && config.environment === "prod") {
                    missing.add(zone);
                }
            }
        }
        for (const zone of missing) {
            report(`no NAT gateway in ${zone}: its private subnets leave through another zone's, so that zone's outage cuts their outbound calls (the payment and video providers among them); production keeps a NAT gateway per zone.`);
        }
        for (const { service, subnet } of servicesWithoutWayOut(resources, ix, tables, byTable)) {
            report(`service ${service.props.name ?? service.name} may open connections to the internet (its security group's egress: the video provider, AWS's APIs without an endpoint), ` +
                `but subnet ${subnet.id ?? subnet.name} (${subnet.props.availabilityZone ?? "its zone"}) has no default route out (no 0.0.0.0/0 to a NAT gateway${service.props.networkConfiguration?.assignPublicIp === true ? " or the internet gateway" : ""}): ` +
                "those calls time out, and for dr's pilot light on the day it serves. Route the subnet's 0.0.0.0/0 to its zone's NAT gateway.", service.urn);
        }
        for (const t of tasksOf(ix)) {
            for (const call of taskCalls(ix, t)) {
                const nat = t.from(call.action).filter(throughNat);
                if (nat.length > 0) {
                    report(`task ${t.family}'s ${call.what} (${call.action}) leave through ${nat.map((o) => o.label).join(", ")}, not a VPC endpoint: billed per GB through NAT and dependent on its capacity and the internet path. ` +
                        "Keep the service's endpoint in the VPC (interface endpoints with private DNS, S3's gateway endpoint on the task subnets' route tables).", t.definition.urn);
                }
            }
        }
    },
});
