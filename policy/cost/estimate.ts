/**
 * Monthly cost estimate of a stack from its resources' settings: the fixed, always-on charges
 * (instance and task hours, provisioned storage, per-month resources). Usage (requests, GB moved,
 * GB stored in S3 and logs) is listed, not guessed. Pure: no I/O, no clock.
 */
import { CostLine, CostResource, StackEstimate, UnpricedResource } from "./model";
import * as prices from "./prices";
import { HOURS_PER_MONTH, Price, PRICED_REGIONS, PricedRegion } from "./prices";
import { serviceCeiling, serviceResourceId } from "../lib/scalingCeiling";

/** What pricing one resource gives: a line, a reason it has no fixed price, or nothing (free). */
type Pricing = { usd: number; basis: string } | { unpriced: string } | { usage: string } | undefined;

type Pricer = (r: CostResource, rate: (p: Price) => number, all: ResourceIndex) => Pricing;

/**
 * What the estimate prices: `expected`, the stack as it runs (each service at its desired count,
 * each database at its allocated storage), or `ceiling`, the most its settings let it cost
 * (each service at its scaling ceiling, policy/lib/scalingCeiling.ts; each database at its
 * storage-autoscaling maximum, since RDS storage grows on its own and never shrinks).
 */
export type EstimateBasis = "expected" | "ceiling";

interface ResourceIndex {
    byUrn: Map<string, CostResource>;
    resources: CostResource[];
    basis: EstimateBasis;
}

const SCALABLE_TARGET = "aws:appautoscaling/target:Target";
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";

const money = (n: number): string => `$${+n.toFixed(6)}`;
const hours = `${HOURS_PER_MONTH} h`;

/** A flat monthly price per resource. */
const flat = (price: Price, what: string): Pricer => (_r, rate) => ({ usd: rate(price), basis: `1 ${what} × ${money(rate(price))}/month` });

/** Charges that depend on use only; the resource is listed so the estimate's blind spots are visible. */
const usage = (what: string): Pricer => () => ({ usage: what });

function fargateService(r: CostResource, rate: (p: Price) => number, all: ResourceIndex): Pricing {
    const strategies: Array<{ capacityProvider?: string }> = r.props.capacityProviderStrategies ?? [];
    const fargate = r.props.launchType === "FARGATE" || (strategies.length > 0 && strategies.every((s) => s.capacityProvider === "FARGATE"));
    if (!fargate) {
        return { unpriced: `launch type ${r.props.launchType ?? "from capacity providers"} is not priced (Fargate on-demand only)` };
    }
    const taskDefinition = findTaskDefinition(r, all);
    if (!taskDefinition) {
        return { unpriced: "its task definition is not in the stack, so its size is unknown" };
    }
    const vcpu = Number(taskDefinition.props.cpu) / 1024;
    const gb = Number(taskDefinition.props.memory) / 1024;
    if (!(vcpu > 0) || !(gb > 0)) {
        return { unpriced: `task definition ${taskDefinition.name} has no cpu/memory` };
    }
    // ECS's default desired count is 0: a service that declares none runs nothing until scaled.
    const tasks = all.basis === "ceiling" ? ceilingTasks(r, all) : Number(r.props.desiredCount ?? 0);
    const perTaskHour = vcpu * rate(prices.fargate.vcpuHour) + gb * rate(prices.fargate.gbHour);
    return {
        usd: tasks * perTaskHour * HOURS_PER_MONTH,
        basis: `${tasks} task(s) × (${vcpu} vCPU × ${money(rate(prices.fargate.vcpuHour))} + ${gb} GB × ${money(rate(prices.fargate.gbHour))}) × ${hours}`,
    };
}

/** The most tasks a service can run (its desired count when its cluster or name is not known). */
function ceilingTasks(service: CostResource, all: ResourceIndex): number {
    const { cluster, name, desiredCount } = service.props;
    if (typeof cluster !== "string" || typeof name !== "string") {
        return Number(desiredCount ?? 0);
    }
    const sources = all.resources
        .filter((x) => x.type === SCALABLE_TARGET || x.type === SCHEDULED_ACTION)
        .map((x) => ({ ...x.props, name: x.name, kind: x.type === SCALABLE_TARGET ? "target" as const : "scheduled" as const }));
    return serviceCeiling(serviceResourceId(cluster, name), desiredCount, sources).tasks;
}

/** The task definition a service runs: by property dependency (previews) or by ARN (exports). */
function findTaskDefinition(service: CostResource, all: ResourceIndex): CostResource | undefined {
    const type = "aws:ecs/taskDefinition:TaskDefinition";
    for (const urn of service.propertyDependencies.taskDefinition ?? []) {
        const candidate = all.byUrn.get(urn);
        if (candidate?.type === type) {
            return candidate;
        }
    }
    const ref = service.props.taskDefinition;
    return all.resources.find((t) => t.type === type && ref !== undefined && (t.props.arn === ref || t.props.arnWithoutRevision === ref || t.props.family === ref));
}

/** A storage type's monthly charge for `gb` GB with the instance's provisioned IOPS and throughput, for one copy. */
function rdsStorage(r: CostResource, storageType: string, gb: number, rate: (p: Price) => number): { usd: number; basis: string } | undefined {
    const iops = Number(r.props.iops ?? 0);
    if (storageType === "gp2" || storageType === "gp3") {
        const storage = { usd: gb * rate(prices.rdsStorageGbMonth), basis: `${gb} GB × ${money(rate(prices.rdsStorageGbMonth))}/GB-month` };
        if (storageType === "gp2") {
            return storage;
        }
        // gp3 bills what is provisioned above the baseline of its size; the baseline of the
        // allocated size is the smaller one, so the figure errs high when storage grows.
        const included = prices.rdsGp3Extra.baseline(Number(r.props.allocatedStorage ?? gb));
        const extraIops = Math.max(0, iops - included.iops);
        const extraMibps = Math.max(0, Number(r.props.storageThroughput ?? 0) - included.mibps);
        const extra = extraIops * rate(prices.rdsGp3Extra.iopsMonth) + extraMibps * rate(prices.rdsGp3Extra.throughputMibpsMonth);
        return extra > 0
            ? { usd: storage.usd + extra, basis: `${storage.basis} + ${extraIops} IOPS and ${extraMibps} MiB/s above gp3's baseline` }
            : storage;
    }
    if (storageType === "io1" || storageType === "io2") {
        const p = prices.rdsProvisionedIopsStorage[storageType];
        return {
            usd: gb * rate(p.gbMonth) + iops * rate(p.iopsMonth),
            basis: `${gb} GB × ${money(rate(p.gbMonth))}/GB-month + ${iops} IOPS × ${money(rate(p.iopsMonth))}/IOPS-month`,
        };
    }
    return undefined;
}

function rdsInstance(r: CostResource, rate: (p: Price) => number, all: ResourceIndex): Pricing {
    const engine = String(r.props.engine ?? "postgres");
    if (engine !== "postgres" && !r.props.replicateSourceDb) {
        return { unpriced: `engine ${engine} is not in the price table (PostgreSQL only)` };
    }
    const instanceClass = String(r.props.instanceClass);
    const instancePrice = prices.rdsPostgresInstanceHour[instanceClass];
    if (!instancePrice) {
        return { unpriced: `instance class ${instanceClass} is not in the price table` };
    }
    const storageType = String(r.props.storageType ?? "gp3");
    const copies = r.props.multiAz === true ? 2 : 1;
    const allocated = Number(r.props.allocatedStorage ?? 0);
    // At the ceiling, storage autoscaling has grown the volume to its maximum.
    const gb = all.basis === "ceiling" ? Math.max(allocated, Number(r.props.maxAllocatedStorage ?? 0)) : allocated;
    const storage = rdsStorage(r, storageType, gb, rate);
    if (!storage) {
        return { unpriced: `storage type ${storageType} is not in the price table (gp2, gp3, io1, io2)` };
    }
    const compute = copies * rate(instancePrice) * HOURS_PER_MONTH;
    const storageBasis = gb > 0 ? `${copies} × (${storage.basis})` : "storage inherited from the source database, not priced";
    return {
        usd: compute + (gb > 0 ? copies * storage.usd : 0),
        basis: `${copies} × ${instanceClass} × ${money(rate(instancePrice))} × ${hours} + ${storageBasis}`,
    };
}

function cacheNodes(r: CostResource, rate: (p: Price) => number): Pricing {
    const nodeType = String(r.props.nodeType);
    const nodePrice = prices.elasticacheNodeHour[nodeType];
    if (!nodePrice) {
        return { unpriced: `node type ${nodeType} is not in the price table` };
    }
    const nodes = r.type === "aws:elasticache/cluster:Cluster"
        ? Number(r.props.numCacheNodes ?? 1)
        : Number(r.props.numCacheClusters ?? Number(r.props.numNodeGroups ?? 1) * (Number(r.props.replicasPerNodeGroup ?? 0) + 1));
    return { usd: nodes * rate(nodePrice) * HOURS_PER_MONTH, basis: `${nodes} × ${nodeType} × ${money(rate(nodePrice))} × ${hours}` };
}

function loadBalancer(r: CostResource, rate: (p: Price) => number): Pricing {
    const kind = r.props.loadBalancerType ?? "application";
    if (kind !== "application") {
        return { unpriced: `${kind} load balancers are not in the price table` };
    }
    // An internet-facing ALB holds one public IPv4 address per subnet (AZ) it is in.
    const addresses = r.props.internal === true ? 0 : (r.props.subnets ?? r.props.subnetMappings ?? []).length;
    const alb = rate(prices.albHour);
    const ipv4 = rate(prices.publicIpv4Hour);
    return {
        usd: (alb + addresses * ipv4) * HOURS_PER_MONTH,
        basis: `(1 ALB × ${money(alb)} + ${addresses} public IPv4 × ${money(ipv4)}) × ${hours} (LCUs are usage)`,
    };
}

/** An hourly price per resource; `usageNote` names what else it bills by use. */
function hourly(price: Price, what: string, usageNote = ""): Pricer {
    const suffix = usageNote ? ` (${usageNote} is usage)` : "";
    return (_r, rate) => ({ usd: rate(price) * HOURS_PER_MONTH, basis: `1 ${what} × ${money(rate(price))} × ${hours}${suffix}` });
}

function vpcEndpoint(r: CostResource, rate: (p: Price) => number): Pricing {
    if ((r.props.vpcEndpointType ?? "Gateway") !== "Interface") {
        return undefined; // gateway endpoints (S3, DynamoDB) are free
    }
    const azs = (r.props.subnetIds ?? []).length || 1;
    const price = rate(prices.interfaceEndpointAzHour);
    return { usd: azs * price * HOURS_PER_MONTH, basis: `${azs} AZ(s) × ${money(price)} × ${hours} (GB processed is usage)` };
}

function metricAlarm(r: CostResource, rate: (p: Price) => number): Pricing {
    const queries: Array<{ metric?: unknown; period?: number }> = r.props.metricQueries ?? [];
    const metrics = queries.length > 0 ? queries.filter((q) => q.metric !== undefined).length : 1;
    const periods = queries.length > 0 ? queries.map((q: any) => Number(q.metric?.period ?? 60)) : [Number(r.props.period ?? 60)];
    const price = Math.min(...periods) < 60 ? prices.alarmHighResolutionMonth : prices.alarmStandardMonth;
    return { usd: metrics * rate(price), basis: `${metrics} metric(s) × ${money(rate(price))}/month` };
}

function webAcl(r: CostResource, rate: (p: Price) => number): Pricing {
    const rules = (r.props.rules ?? []).length;
    return {
        usd: rate(prices.wafWebAclMonth) + rules * rate(prices.wafRuleMonth),
        basis: `1 web ACL × ${money(rate(prices.wafWebAclMonth))} + ${rules} rule(s) × ${money(rate(prices.wafRuleMonth))} per month (requests are usage)`,
    };
}

function ssmParameter(r: CostResource): Pricing {
    // Standard parameters are free; advanced ones are usage-priced per parameter-month and API call.
    return r.props.tier === "Advanced" ? { usage: "advanced parameter storage and API interactions" } : undefined;
}

/** Pricing per type token. A type not listed here has no charge of its own (IAM, subnets, SGs…). */
const PRICERS: Readonly<Record<string, Pricer>> = {
    "aws:ecs/service:Service": fargateService,
    "aws:rds/instance:Instance": rdsInstance,
    "aws:elasticache/replicationGroup:ReplicationGroup": cacheNodes,
    "aws:elasticache/cluster:Cluster": cacheNodes,
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:ec2/natGateway:NatGateway": hourly(prices.natGatewayHour, "NAT gateway", "GB processed"),
    "aws:ec2/eip:Eip": hourly(prices.publicIpv4Hour, "public IPv4 address"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
    "aws:kms/key:Key": flat(prices.kmsKeyMonth, "KMS key"),
    "aws:kms/replicaKey:ReplicaKey": flat(prices.kmsKeyMonth, "KMS replica key"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": flat(prices.compositeAlarmMonth, "composite alarm"),
    "aws:cloudwatch/dashboard:Dashboard": flat(prices.dashboardMonth, "dashboard"),
    "aws:secretsmanager/secret:Secret": flat(prices.secretMonth, "secret"),
    "aws:wafv2/webAcl:WebAcl": webAcl,
    "aws:route53/zone:Zone": flat(prices.hostedZoneMonth, "hosted zone"),
    "aws:route53/healthCheck:HealthCheck": flat(prices.healthCheckMonth, "health check"),
    "aws:ssm/parameter:Parameter": ssmParameter,
    "aws:s3/bucket:Bucket": usage("GB stored, requests, replication and transfer"),
    "aws:s3/bucketV2:BucketV2": usage("GB stored, requests, replication and transfer"),
    "aws:cloudwatch/logGroup:LogGroup": usage("GB ingested and stored"),
    "aws:sns/topic:Topic": usage("notifications delivered"),
    "aws:guardduty/detector:Detector": usage("events and logs analysed"),
    "aws:cfg/recorder:Recorder": usage("configuration items recorded"),
    "aws:cfg/rule:Rule": usage("rule evaluations"),
    "aws:cloudtrail/trail:Trail": usage("events beyond the first management-event copy"),
    "aws:backup/vault:Vault": usage("GB of backups stored and copied across regions"),
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": usage("restored instance hours during each test"),
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": usage("GB of replicated backups and transfer"),
    "aws:ecr/repository:Repository": usage("GB of images stored"),
    "aws:ec2/flowLog:FlowLog": usage("GB of flow logs delivered"),
    "aws:lambda/function:Function": usage("requests and GB-seconds"),
    "aws:cloudwatch/eventRule:EventRule": usage("events delivered to non-AWS targets"),
};

function isPricedRegion(region: string): region is PricedRegion {
    return (PRICED_REGIONS as readonly string[]).includes(region);
}

/** Estimates a stack's fixed monthly cost, per resource and per component, as it runs or at its ceilings. */
export function estimateStack(resources: CostResource[], basis: EstimateBasis = "expected"): StackEstimate {
    const index: ResourceIndex = { byUrn: new Map(resources.map((r) => [r.urn, r])), resources, basis };
    const lines: CostLine[] = [];
    const usageBased: UnpricedResource[] = [];
    const unpriced: UnpricedResource[] = [];
    for (const r of resources) {
        const pricer = PRICERS[r.type];
        if (!pricer) {
            continue;
        }
        const note = (reason: string): UnpricedResource => ({ urn: r.urn, type: r.type, component: r.component, reason });
        if (!isPricedRegion(r.region)) {
            const probe = pricer(r, () => 0, index);
            if (probe && !("usage" in probe)) {
                unpriced.push(note(`region ${r.region || "(unknown)"} is not in the price table (${PRICED_REGIONS.join(", ")})`));
            } else if (probe) {
                usageBased.push(note(probe.usage));
            }
            continue;
        }
        const region = r.region;
        const result = pricer(r, (p) => p.usd[region], index);
        if (!result) {
            continue;
        }
        if ("usage" in result) {
            usageBased.push(note(result.usage));
        } else if ("unpriced" in result) {
            unpriced.push(note(result.unpriced));
        } else {
            lines.push({ urn: r.urn, type: r.type, name: r.name, component: r.component, region, monthlyUsd: result.usd, basis: result.basis });
        }
    }
    const byComponent: Record<string, number> = {};
    for (const line of [...lines].sort((a, b) => a.component.localeCompare(b.component))) {
        byComponent[line.component] = (byComponent[line.component] ?? 0) + line.monthlyUsd;
    }
    const totalUsd = lines.reduce((sum, l) => sum + l.monthlyUsd, 0);
    return { lines, byComponent, totalUsd, usageBased, unpriced };
}

/** Whole cents, for display and for comparing estimates without floating-point noise. */
export function cents(usd: number): number {
    return Math.round(usd * 100) / 100;
}
