/**
 * Class 3: the serving path survives a failed task, a zone's loss and capacity reclaim, and a
 * failure is detected in bounded time. Each service's subnets span two zones (each subnet's zone
 * read from the stack), its serving floor runs on on-demand Fargate (a capacity provider strategy
 * is placed base first, then by weight), its CPU tracking reacts in time; the load balancer's,
 * the container's and Route 53's checks declare a failure within the detection budget
 * (policy/lib/facts/appHealth.ts), the grace period does not hold a broken task past boot plus
 * that budget, a matcher counts no error healthy, and Route 53's app probe requests the health
 * path of the container the listener sends it to.
 */
import { all, Case, drift, edit, ExportedResource, named, suite } from "./support";

const SVC = "aws:ecs/service:Service";
const POL = "aws:appautoscaling/policy:Policy";
const TG = "aws:lb/targetGroup:TargetGroup";
const HC = "aws:route53/healthCheck:HealthCheck";
const TD = "aws:ecs/taskDefinition:TaskDefinition";

/** The backend container's own health check, edited. */
const containerCheck = (change: (check: Record<string, unknown>) => void) => edit(TD, p => {
    const list = JSON.parse(p.containerDefinitions);
    change(list.find((c: { name: string }) => c.name === "backend").healthCheck);
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));
/** The id of the prod subnet of zone `zone` and tier `tier`. */
const subnetIn = (rs: ExportedResource[], tier: string, zone: string) =>
    rs.find(r => r.type === "aws:ec2/subnet:Subnet" && r.outputs.tags?.Tier === tier && r.outputs.availabilityZone === zone)!.id;

const violations: Case[] = [
    { name: "backend tasks pinned to one private subnet", change: edit(SVC, p => { p.networkConfiguration.subnets = [p.networkConfiguration.subnets[0]]; }, named("backend-service")) },
    {
        name: "frontend given two subnets of one zone (private and public of us-east-1a)",
        change: rs => edit(SVC, p => { p.networkConfiguration.subnets = [subnetIn(rs, "private", "us-east-1a"), subnetIn(rs, "public", "us-east-1a")]; }, named("frontend-service"))(rs),
    },
    { name: "backend on FARGATE_SPOT only", change: edit(SVC, p => { delete p.launchType; p.capacityProviderStrategies = [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }]; }, named("backend-service")) },
    { name: "frontend split evenly over FARGATE and Spot with no on-demand base", change: edit(SVC, p => { delete p.launchType; p.capacityProviderStrategies = [{ capacityProvider: "FARGATE", weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }]; }, named("frontend-service")) },
    { name: "drift: backend moved to Spot in the console", change: drift(SVC, o => { delete o.launchType; o.capacityProviderStrategies = [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 1 }]; }, named("backend-service")) },
    { name: "CPU target 95% and scale-out cooldown 1 h", change: edit(POL, p => { p.targetTrackingScalingPolicyConfiguration.targetValue = 95; p.targetTrackingScalingPolicyConfiguration.scaleOutCooldown = 3600; }, named("backend-cpu-tracking-scaling-policy")) },
    { name: "frontend CPU scale-out cooldown 15 min", change: edit(POL, p => { p.targetTrackingScalingPolicyConfiguration.scaleOutCooldown = 900; }, named("frontend-cpu-tracking-scaling-policy")) },
    { name: "health check grace period 1 day", change: edit(SVC, p => { p.healthCheckGracePeriodSeconds = 86400; }, named("backend-service")) },
    { name: "frontend grace period 10 min", change: edit(SVC, p => { p.healthCheckGracePeriodSeconds = 600; }, named("frontend-service")) },
    { name: "target group: 10 × 300 s before unhealthy", change: edit(TG, p => { Object.assign(p.healthCheck, { interval: 300, timeout: 120, unhealthyThreshold: 10 }); }, named("alb-backend")) },
    { name: "target group: 5 × 60 s before unhealthy", change: edit(TG, p => { Object.assign(p.healthCheck, { interval: 60, unhealthyThreshold: 5 }); }, named("alb-frontend")) },
    { name: "target group matcher 200-499 (errors count healthy)", change: edit(TG, p => { p.healthCheck.matcher = "200-499"; }, named("alb-backend")) },
    { name: "frontend matcher lets a 503 pass", change: edit(TG, p => { p.healthCheck.matcher = "200,503"; }, named("alb-frontend")) },
    { name: "container check: 10 retries 5 min apart", change: containerCheck(c => { c.interval = 300; c.retries = 10; }) },
    { name: "Route 53 app check failureThreshold 10", change: edit(HC, p => { p.failureThreshold = 10; }, named("dns-app")) },
    { name: "Route 53 role check 6 × 30 s", change: edit(HC, p => { p.failureThreshold = 6; }, named("dns-role")) },
    { name: "Route 53 app check path / (the frontend answers; backend outage not detected)", change: edit(HC, p => { p.resourcePath = "/"; }, named("dns-app")) },
    { name: "Route 53 app check of an API page instead of the health path", change: edit(HC, p => { p.resourcePath = "/api/experts/"; }, named("dns-app")) },
    { name: "dr: Route 53 app check every 30 s, 6 failures", stack: "dr", change: edit(HC, p => { p.failureThreshold = 6; }, named("dns-app")) },
];

const compliant: Case[] = [
    { name: "backend on FARGATE with a Spot overflow beyond a base of 1", change: edit(SVC, p => { delete p.launchType; p.capacityProviderStrategies = [{ capacityProvider: "FARGATE", weight: 1, base: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 3 }]; }, named("backend-service")) },
    { name: "backend on a FARGATE strategy instead of the launch type", change: edit(SVC, p => { delete p.launchType; p.capacityProviderStrategies = [{ capacityProvider: "FARGATE", weight: 1 }]; }, named("backend-service")) },
    { name: "backend in two of the three zones", change: edit(SVC, p => { p.networkConfiguration.subnets = p.networkConfiguration.subnets.slice(0, 2); }, named("backend-service")) },
    { name: "CPU target 90% and a 2-minute scale-out cooldown", change: edit(POL, p => { p.targetTrackingScalingPolicyConfiguration.targetValue = 90; p.targetTrackingScalingPolicyConfiguration.scaleOutCooldown = 120; }, named("backend-cpu-tracking-scaling-policy")) },
    { name: "grace period 120 s and a 10 s target check", change: all(edit(SVC, p => { p.healthCheckGracePeriodSeconds = 120; }, named("backend-service")), edit(TG, p => { p.healthCheck.interval = 10; }, named("alb-backend"))) },
    { name: "target group matcher 200 only", change: edit(TG, p => { p.healthCheck.matcher = "200"; }, named("alb-backend")) },
    { name: "container check 4 retries 30 s apart, start period 90 s", change: containerCheck(c => { c.retries = 4; c.startPeriod = 90; }) },
    { name: "Route 53 app check tolerates 5 failures (150 s)", change: edit(HC, p => { p.failureThreshold = 5; }, named("dns-app")) },
    { name: "Route 53 checks every 10 s, 10 failures (100 s)", change: edit(HC, p => { p.requestInterval = 10; p.failureThreshold = 10; }, r => r.type === HC && r.outputs.type !== "CALCULATED") },
];

suite("class 3: the serving path survives failures and detects them in bounded time", violations, compliant);
