/** guide-names-present: the names the guide's commands use, per environment. */
import { guideNamesPresent } from "../../policy/guide/names";
import { GUIDE_NAMES } from "../../policy/lib/facts/guideNames";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

/** One resource per name the guide uses in `environment`, named as the guide names it. */
function stackOf(environment: "prod" | "dr"): StackResourceInput[] {
    const resources: StackResourceInput[] = [{ type: "aws:sns/topic:Topic", name: "arn-holder", props: { arn: `arn:aws:sns:us-east-1:${ACCOUNT}:other` } }];
    GUIDE_NAMES[environment].forEach((n, i) => {
        const value = n.value.replace("{account}", ACCOUNT) + (n.prefix ? "database-url" : "");
        const named = n.item === undefined ? value : JSON.stringify([{ [n.item]: value }]);
        resources.push({ type: n.types[0], name: `r${i}`, props: { ...structuredClone(n.where ?? {}), [n.property]: named } });
    });
    return resources;
}

const without = (value: string) => (s: StackResourceInput[]) => {
    const i = s.findIndex(r => Object.values(r.props).some(v => typeof v === "string" && v.startsWith(value)));
    s.splice(i, 1);
};
const renamed = (from: string, to: string) => (s: StackResourceInput[]) => {
    for (const r of s) {
        for (const [k, v] of Object.entries(r.props)) {
            if (v === from) {
                r.props[k] = to;
            }
        }
    }
};

const CPU_POLICY = "aws:appautoscaling/policy:Policy";
const BACKEND_ID = "service/expertconnect-prod-cluster/expertconnect-prod-backend";
/** Edits the first resource of `type` (whose resourceId, or else name, is `key`, when given). */
const retargeted = (type: string, fn: (p: Record<string, unknown>) => void, key?: string) => (s: StackResourceInput[]) => {
    fn(s.find(r => r.type === type && (key === undefined || r.props.resourceId === key || r.props.name === key))!.props);
};
const renamedContainer = (from: string, to: string) => retargeted("aws:ecs/taskDefinition:TaskDefinition", p => {
    p.containerDefinitions = JSON.stringify((JSON.parse(p.containerDefinitions as string) as { name: string }[]).map(c => c.name === from ? { ...c, name: to } : c));
});

describe("guide-names-present", () => {
    stackTable(guideNamesPresent, stackOf("prod"), {
        passes: {
            "a name not known yet (preview)": { change: renamed("expertconnect-prod-cluster", UNKNOWN as never) },
            "Config run by the organization, exempted": { change: s => { without("default")(s); without("default")(s); }, config: { exempt: ["default"] } },
            "the backend container beside a sidecar": { change: retargeted("aws:ecs/taskDefinition:TaskDefinition", p => { p.containerDefinitions = JSON.stringify([{ name: "xray-daemon" }, { name: "backend" }]); }) },
            "container definitions not known yet (preview)": { change: retargeted("aws:ecs/taskDefinition:TaskDefinition", p => { p.containerDefinitions = UNKNOWN; }) },
        },
        violations: {
            "the guide's CPU alarm renamed": { change: renamed("expertconnect-backend-cpu-high", "backend-cpu-high"), message: /expertconnect-backend-cpu-high/ },
            "the dashboard removed": { change: without("ExpertConnect-Dashboard"), message: /dashboardName is ExpertConnect-Dashboard/ },
            "the database identifier changed": { change: renamed("expertconnect-prod-db", "expertconnect-prod-postgres"), message: /identifier is expertconnect-prod-db/ },
            "the trail's bucket not the account's": { change: renamed(`expertconnect-cloudtrail-${ACCOUNT}`, "expertconnect-cloudtrail"), message: new RegExp(`expertconnect-cloudtrail-${ACCOUNT}`) },
            "settings moved out of the guide's path": { change: renamed("/expertconnect/prod/database-url", "/app/prod/database-url"), message: /under \/expertconnect\/prod\// },
            "the backend service renamed": { change: renamed("expertconnect-prod-backend", "backend"), message: /--services expertconnect-prod-backend/ },
            "the container the guide execs into renamed": { change: renamedContainer("backend", "api"), message: /--container backend/ },
            "the container left, in another task family": { change: retargeted("aws:ecs/taskDefinition:TaskDefinition", p => { p.family = "expertconnect-prod-worker"; }), message: /--container backend/ },
            "the delivery channel renamed": { change: retargeted("aws:cfg/deliveryChannel:DeliveryChannel", p => { p.name = "org-channel"; }, "default"), message: /delivery-channel name=default/ },
            "the backend's CPU scaling policy renamed": { change: retargeted(CPU_POLICY, p => { p.name = "backend-cpu"; }, BACKEND_ID), message: /--policy-name cpu-tracking-scaling-policy --resource-id service\/expertconnect-prod-cluster\/expertconnect-prod-backend/ },
            "the backend's CPU scaling policy removed (the frontend's keeps the name)": { change: s => { s.splice(s.findIndex(r => r.type === CPU_POLICY && r.props.resourceId === BACKEND_ID), 1); }, message: /expertconnect-prod-backend/ },
            "the CPU-named policy tracks memory": { change: retargeted(CPU_POLICY, p => { p.targetTrackingScalingPolicyConfiguration = { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } }; }, BACKEND_ID), message: /ECSServiceAverageCPUUtilization/ },
            "one setting moved out of the guide's path beside others under it": { change: s => { s.push({ type: "aws:ssm/parameter:Parameter", name: "stray", props: { name: "/expertconnect/production/database/host" } }); }, message: /move stray under \/expertconnect\/prod\// },
            "the backend's scalable target removed": { change: s => { s.splice(s.findIndex(r => r.type === "aws:appautoscaling/target:Target" && r.props.resourceId === BACKEND_ID), 1); }, message: /register-scalable-target/ },
        },
    });
    stackTable(guideNamesPresent, stackOf("dr"), {
        config: { environment: "dr" },
        violations: {
            "dr's replica identifier changed": { change: renamed("expertconnect-dr-db", "expertconnect-dr-replica"), message: /expertconnect-dr-db/ },
            "dr's dashboard removed (the operators' first screen after a failover)": { change: without("ExpertConnect-DR-Dashboard"), message: /dashboardName is ExpertConnect-DR-Dashboard/ },
            "dr's backend CPU scaling policy removed (promoted would run at the floor)": {
                change: s => { s.splice(s.findIndex(r => r.type === CPU_POLICY && r.props.resourceId === "service/expertconnect-dr-cluster/expertconnect-dr-backend"), 1); },
                message: /put-scaling-policy --policy-name cpu-tracking-scaling-policy --resource-id service\/expertconnect-dr-cluster\/expertconnect-dr-backend/,
            },
            "dr's frontend scalable target removed": {
                change: s => { s.splice(s.findIndex(r => r.type === "aws:appautoscaling/target:Target" && r.props.resourceId === "service/expertconnect-dr-cluster/expertconnect-dr-frontend"), 1); },
                message: /register-scalable-target --resource-id service\/expertconnect-dr-cluster\/expertconnect-dr-frontend/,
            },
            "dr's cluster renamed": { change: renamed("expertconnect-dr-cluster", "dr-cluster"), message: /--cluster expertconnect-dr-cluster/ },
        },
    });
});

describe("guide-names-present: the guide's dashboard widgets", () => {
    const LB = "app/expertconnect-prod-alb/355b";
    const line = (ns: string, metric: string, ...dims: string[]) => [ns, metric, ...dims, { stat: "Average" }];
    const widget = (title: string, metrics: unknown[][]) => ({ type: "metric", properties: { title, region: "us-east-1", metrics } });
    const body = () => ({
        widgets: [
            { type: "alarm", properties: { title: "Alarms", alarms: [] } },
            widget("ECS CPU", [line("AWS/ECS", "CPUUtilization", "ClusterName", "expertconnect-prod-cluster", "ServiceName", "expertconnect-prod-backend")]),
            widget("ECS memory", [line("AWS/ECS", "MemoryUtilization", "ClusterName", "expertconnect-prod-cluster", "ServiceName", "expertconnect-prod-backend")]),
            widget("ALB", [line("AWS/ApplicationELB", "RequestCount", "LoadBalancer", LB), [".", "HTTPCode_ELB_5XX_Count", ".", "."], [".", "TargetResponseTime", ".", ".", { stat: "p99" }]]),
            widget("RDS", [line("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "expertconnect-prod-db"), [".", "DatabaseConnections", ".", "."], [".", "FreeStorageSpace", ".", "."]]),
            widget("Redis", [line("AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", "expertconnect-prod-cache-001")]),
        ],
    });
    const base = (): StackResourceInput[] => {
        const s = stackOf("prod");
        s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { arnSuffix: LB, loadBalancerType: "application" } });
        s.push({ type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "expertconnect-prod-cache", numCacheClusters: 2 } });
        s.find(r => r.props.dashboardName === "ExpertConnect-Dashboard")!.props.dashboardBody = JSON.stringify(body());
        return s;
    };
    const editBody = (fn: (b: { widgets: Array<{ properties: { title?: string; metrics?: unknown[][] } }> }) => void) => (s: StackResourceInput[]) => {
        const d = s.find(r => r.props.dashboardName === "ExpertConnect-Dashboard")!;
        const b = JSON.parse(d.props.dashboardBody as string);
        fn(b);
        d.props.dashboardBody = JSON.stringify(b);
    };
    const dropWidget = (title: string) => editBody(b => { b.widgets = b.widgets.filter(w => w.properties.title !== title); });
    stackTable(guideNamesPresent, base(), {
        passes: {
            "a WAF widget added": { change: editBody(b => { b.widgets.push({ properties: { title: "WAF", metrics: [["AWS/WAFV2", "BlockedRequests", "WebACL", "expertconnect-prod", "Region", "us-east-1", "Rule", "ALL"]] }, type: "metric" } as never); }) },
            "the 5xx line counts the targets' 5xx instead": { change: editBody(b => { b.widgets[3].properties.metrics![1] = [".", "HTTPCode_Target_5XX_Count", ".", "."]; }) },
            "the body is unknown during preview": { change: s => { s.find(r => r.props.dashboardName === "ExpertConnect-Dashboard")!.props.dashboardBody = UNKNOWN; } },
            "another dashboard without the guide's widgets": { change: s => { s.push({ type: "aws:cloudwatch/dashboard:Dashboard", name: "waf", props: { dashboardName: "ExpertConnect-WAF", dashboardBody: JSON.stringify({ widgets: [] }) } }); } },
        },
        violations: {
            "the body emptied": { change: editBody(b => { b.widgets = []; }), message: /dashboard ExpertConnect-Dashboard .* no longer shows ECS CPU, ECS memory, ALB requests, ALB 5xx, ALB latency, RDS CPU, RDS connections, RDS storage, Redis/ },
            "the Redis widget dropped": { change: dropWidget("Redis"), message: /no longer shows Redis: add a metric widget line on AWS\/ElastiCache/ },
            "the RDS lines on another database": { change: editBody(b => { b.widgets[4].properties.metrics![0][3] = "expertconnect-staging-db"; }), message: /no longer shows RDS CPU, RDS connections, RDS storage/ },
            "the ALB lines on an old load balancer": { change: editBody(b => { b.widgets[3].properties.metrics![0][3] = "app/expertconnect-prod-alb/0000"; }), message: /ALB requests, ALB 5xx, ALB latency/ },
            "the body is not JSON": { change: s => { s.find(r => r.props.dashboardName === "ExpertConnect-Dashboard")!.props.dashboardBody = "{widgets:"; }, message: /dashboardBody is not JSON/ },
        },
    });
    const drStack = (): StackResourceInput[] => {
        // The dashboard with a body below stands in for the bare one stackOf names.
        const s = stackOf("dr").filter(r => r.type !== "aws:cloudwatch/dashboard:Dashboard");
        s.find(r => r.props.identifier === "expertconnect-dr-db")!.props.replicateSourceDb = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db";
        const dr = (v: string) => v.replace("prod", "dr");
        const b = body();
        for (const w of b.widgets) for (const l of (w.properties as { metrics?: unknown[][] }).metrics ?? []) l.forEach((v, i) => { if (typeof v === "string") l[i] = dr(v); });
        (b.widgets[4].properties as { metrics: unknown[][] }).metrics.push([".", "ReplicaLag", ".", "."]);
        s.push(
            { type: "aws:ecs/cluster:Cluster", name: "cluster", props: { name: "expertconnect-dr-cluster" } },
            { type: "aws:ecs/service:Service", name: "backend", props: { name: "expertconnect-dr-backend" } },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { arnSuffix: dr(LB) } },
            { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "expertconnect-dr-cache", numCacheClusters: 1 } },
            { type: "aws:cloudwatch/dashboard:Dashboard", name: "dash", props: { dashboardName: "ExpertConnect-DR-Dashboard", dashboardBody: JSON.stringify(b) } },
        );
        return s;
    };
    stackTable(guideNamesPresent, drStack(), {
        config: { environment: "dr" },
        violations: {
            "dr's dashboard drops the replica lag line": {
                change: s => { const d = s.find(r => r.props.dashboardName === "ExpertConnect-DR-Dashboard")!; d.props.dashboardBody = (d.props.dashboardBody as string).replace(',[".","ReplicaLag",".","."]', ""); },
                message: /ExpertConnect-DR-Dashboard .* no longer shows RDS replica lag/,
            },
        },
    });
});
