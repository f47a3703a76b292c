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
 * decided as the runtime paths decide it (policy/paths/origin.ts).
 */
import { stackPolicy } from "../lib/define";
import { ecrImage } from "../lib/ecr";
import { appBucketOf } from "../lib/facts/purposes";
import { PathResource, StackIndex } from "../paths/model";
import { ec2Id, Origin, UNKNOWN_ORIGIN } from "../paths/origin";
import { settingsOf, Task, tasksOf } from "../paths/tasks";
import { allRefs, NAT_GATEWAY, networkIndex, routesOf, SUBNET, subnetTables } from "../network/topology";
import { GUIDE_NETWORK } from "../network/ingress";

const BUCKET = "aws:s3/bucket:Bucket";

/** Whether a call from this origin leaves through a NAT gateway (its public address is the source). */
export function throughNat(o: Origin): boolean {
    return o !== UNKNOWN_ORIGIN && !("aws:SourceVpce" in o.context) && !o.unknown.includes("aws:SourceVpce")
        && ("aws:SourceIp" in o.context || o.unknown.includes("aws:SourceIp"));
}

/** The AWS calls a task makes at start and while serving, each with what it is for. */
export function taskCalls(ix: StackIndex, t: Task): Array<{ action: string; what: string }> {
    const calls: Array<{ action: string; what: string }> = [];
    if (t.containers.some((c) => typeof c.image === "string" && ecrImage(c.image))) {
        calls.push({ action: "ecr:GetAuthorizationToken", what: "image pulls (ECR API)" },
            { action: "ecr:BatchGetImage", what: "image pulls (ECR registry)" }, { action: "s3:GetObject", what: "image layers (S3)" });
    }
    if (t.containers.some((c) => c.logConfiguration?.logDriver === "awslogs")) calls.push({ action: "logs:PutLogEvents", what: "its logs" });
    const refs = t.containers.flatMap((c) => (c.secrets ?? []).map((s) => String(s.valueFrom ?? "")));
    if (refs.some((r) => r.startsWith("arn:aws:ssm:") || (!r.startsWith("arn:") && r !== ""))) calls.push({ action: "ssm:GetParameters", what: "its parameters" });
    if (refs.some((r) => r.startsWith("arn:aws:secretsmanager:"))) calls.push({ action: "secretsmanager:GetSecretValue", what: "its secrets" });
    const buckets = ix.ofType(BUCKET).map((b) => b.props.bucket);
    if ([...settingsOf(ix, t)].some(([variable, value]) => buckets.includes(value) && appBucketOf(variable) !== undefined)) {
        calls.push({ action: "s3:PutObject", what: "the application's buckets" });
    }
    return calls;
}

/** The Availability Zone of each NAT gateway (by its subnet) that opens connections to the internet. */
function natZones(ix: StackIndex): Map<PathResource, string | undefined> {
    return new Map(ix.ofType(NAT_GATEWAY).filter((n) => n.props.connectivityType !== "private")
        .map((n) => [n, allRefs(ix, n, "subnetId", SUBNET)[0]?.props.availabilityZone as string | undefined]));
}

export const vpcEgressPaths = stackPolicy({
    name: "vpc-egress-paths",
    description: "A private subnet's default route goes to the NAT gateway of its own Availability Zone when the VPC has one there (cross-zone transfer billed on every byte, and the subnet's egress tied to another zone); " +
        "in production every zone with such a subnet has its own NAT gateway; and the AWS calls each ECS task makes at start and while serving (ECR API and registry, image layers in S3, logs, its parameters and secrets, the application's buckets) go through the VPC's endpoints, not a NAT gateway (billed per GB, and dependent on NAT capacity and the internet).",
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
