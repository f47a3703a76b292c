/**
 * Class 3: a fenced region (dr in failback, prod fenced) takes no write from its application, and
 * the services that serve or will serve at failover run in two Availability Zones in every phase.
 * The fence is read from the stack (dr's FailoverPhase tag and drPhase output, prod's drFenced
 * output), so a fenced prod as the program renders it passes with prod's regular pack config.
 * The red team's cases (F) and variants of each technique: capacity left on by the target, a
 * scheduled action or the desired count; the database or cache left open by a rule resource, a
 * legacy rule, an inline rule or an address block; one zone by subnet list or by subnet zones.
 */
import { add, all, Case, drServing, edit, named, outputOf, remove, suite, tags } from "./support";

const DB = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const TGT = "aws:appautoscaling/target:Target";
const SVC = "aws:ecs/service:Service";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:lb/listenerRule:ListenerRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LEGACY = "aws:ec2/securityGroupRule:SecurityGroupRule";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SUBNET = "aws:ec2/subnet:Subnet";

const stackOutput = (k: string, v: unknown) => (rs: any[]) => { const st = rs.find(r => r.type === "pulumi:pulumi:Stack")!; st.outputs = { ...st.outputs, [k]: v }; };
const probe = (code: "200" | "503") => edit(RULE, p => {
    p.actions[0].fixedResponse = { contentType: "text/plain", messageBody: code === "200" ? "serving" : "not serving", statusCode: code };
}, named("alb-role-probe"));
const noTasks = all(edit(TGT, p => { p.minCapacity = 0; p.maxCapacity = 1; }), edit(SVC, p => { p.desiredCount = 0; }));
const closeStores = all(remove(INGRESS, named("database-from-backend")), remove(INGRESS, named("cache-from-backend")));
const phaseTag = (phase: string) => all(
    edit(DB, p => { p.tags = { ...p.tags, FailoverPhase: phase }; if (p.tagsAll) p.tagsAll = { ...p.tagsAll, FailoverPhase: phase }; }, named("database")),
    edit(CACHE, p => { p.tags = { ...p.tags, FailoverPhase: phase }; if (p.tagsAll) p.tagsAll = { ...p.tagsAll, FailoverPhase: phase }; }),
);

/** dr in failback as the program renders it: promoted Multi-AZ primary, fenced (probe 503, no task, stores closed). */
const drFailback = () => all(
    edit(DB, p => {
        delete p.replicateSourceDb; p.deletionProtection = true; p.skipFinalSnapshot = false;
        p.finalSnapshotIdentifier = "expertconnect-dr-db-final-snapshot"; p.multiAz = true; p.applyImmediately = true;
    }, named("database")),
    phaseTag("failback"), probe("503"), noTasks, closeStores,
    remove(ALARM, r => /replica-(lag-high|stalled)$/.test(r.urn)),
    stackOutput("drPhase", "failback"),
);

/** prod fenced as the program renders it (expertconnect:dr.fenced=true). */
const prodFenced = () => all(
    probe("503"), noTasks, closeStores,
    edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules[0].status = "Disabled"; }),
    remove("aws:synthetics/canary:Canary"), remove("aws:s3/bucketObjectv2:BucketObjectv2", named("synthetic-check-code")),
    remove("aws:cloudwatch/logGroup:LogGroup", named("synthetic-check-logs")), remove(ALARM, named("synthetic-check-alarm")),
    // A fenced stack runs no migration (stack/compute.ts migrationDecision): the program drops the gate.
    remove("command:local:Command", named("backend-migration-run")),
    edit(SVC, (_p, r) => { r.dependencies = (r.dependencies ?? []).filter((u: string) => !u.endsWith("::backend-migration-run")); }),
    stackOutput("drFenced", true),
);

/** The id of a security group of the stack (`database-sg`, `backend-tasks` …). */
const group = (rs: any[], name: string): string => rs.find(r => r.type === SG && named(name)(r))!.id;
/** A rule resource admitting the backend's group into `store`'s group on `port`. */
const reopen = (store: string, port: number, environment: string) => (rs: any[]) => add(INGRESS, `${store}-from-backend-kept`, {
    description: `backend to port ${port}`, fromPort: port, toPort: port, ipProtocol: "tcp",
    referencedSecurityGroupId: group(rs, "backend-tasks"), securityGroupId: group(rs, `${store}-sg`), tags: tags(store, environment),
})(rs);
const legacy = (store: string, port: number, props: object) => (rs: any[]) => add(LEGACY, `${store}-legacy-in`, {
    type: "ingress", protocol: "tcp", fromPort: port, toPort: port, securityGroupId: group(rs, `${store}-sg`), ...props,
})(rs);
const inline = (store: string, port: number, rule: (rs: any[]) => object) => (rs: any[]) => edit(SG, p => {
    p.ingress = [...(p.ingress ?? []), { protocol: "tcp", fromPort: port, toPort: port, ...rule(rs) }];
}, named(`${store}-sg`))(rs);
const onlyFirstSubnet = (service: string) => edit(SVC, p => { p.networkConfiguration.subnets = [p.networkConfiguration.subnets[0]]; }, named(service));

const violations: Case[] = [
    // ---------- the red team's cases (F) ----------
    { stack: "dr", name: "dr in failback but auto scaling keeps a floor of 2: dr tasks keep writing while prod copies the data back, and those writes are lost",
      change: all(drFailback(), edit(TGT, p => { p.minCapacity = 2; p.maxCapacity = 5; })) },
    { stack: "dr", name: "dr in failback but the database still admits the backend tasks: a stray dr task writes after the data was taken back",
      change: all(drFailback(), reopen("database", 5432, "dr")) },
    { stack: "dr", name: "dr backend runs in one private subnet only: the failover capacity depends on one AZ of us-west-2", change: onlyFirstSubnet("backend-service") },
    // ---------- capacity left on in a fenced stack ----------
    { stack: "dr", name: "dr in failback with the services' desired count still 2 (the promoted phase's)", change: all(drFailback(), edit(SVC, p => { p.desiredCount = 2; })) },
    { stack: "dr", name: "dr in failback, floor 0 but ceiling 10: a hand-run update-service --desired-count 10 is not clamped", change: all(drFailback(), edit(TGT, p => { p.maxCapacity = 10; }, named("backend-scaling"))) },
    { stack: "dr", name: "dr in failback with a scheduled action raising the backend's floor to 1 every morning",
      change: all(drFailback(), (rs: any[]) => add("aws:appautoscaling/scheduledAction:ScheduledAction", "backend-morning", {
          name: "backend-morning", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: outputOf(rs, TGT, "resourceId", named("backend-scaling")),
          schedule: "cron(0 7 * * ? *)", scalableTargetAction: { minCapacity: "1", maxCapacity: "1" },
      })(rs)) },
    { name: "prod fenced but its backend keeps a floor of 1 (only the backend's target)", change: all(prodFenced(), edit(TGT, p => { p.minCapacity = 1; p.maxCapacity = 5; }, named("backend-scaling"))) },
    { name: "prod fenced but the frontend's desired count left at 2", change: all(prodFenced(), edit(SVC, p => { p.desiredCount = 2; }, named("frontend-service"))) },
    { name: "prod fenced but static replication to us-west-2 left Enabled: its backlog overwrites files dr wrote while primary",
      change: all(prodFenced(), edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules[0].status = "Enabled"; })) },
    // ---------- data stores left open to the tasks ----------
    { stack: "dr", name: "dr in failback but the cache still admits the backend tasks (rule resource kept)", change: all(drFailback(), reopen("cache", 6379, "dr")) },
    { stack: "dr", name: "dr in failback: the database admits the backend through a legacy aws.ec2.SecurityGroupRule",
      change: all(drFailback(), (rs: any[]) => legacy("database", 5432, { sourceSecurityGroupId: group(rs, "backend-tasks") })(rs)) },
    { stack: "dr", name: "dr in failback: the database's group gets an inline ingress rule naming the backend's group",
      change: all(drFailback(), inline("database", 5432, rs => ({ securityGroups: [group(rs, "backend-tasks")] }))) },
    { stack: "dr", name: "dr in failback: the database admits the VPC's 10.1.0.0/16 on 5432 (the tasks' private subnets inside it)",
      change: all(drFailback(), (rs: any[]) => add(INGRESS, "database-from-vpc", { fromPort: 5432, toPort: 5432, ipProtocol: "tcp", cidrIpv4: "10.1.0.0/16", securityGroupId: group(rs, "database-sg"), tags: tags("database", "dr") })(rs)) },
    { stack: "dr", name: "dr in failback: the cache admits the private subnet 10.1.0.0/19 on all ports through a legacy rule",
      change: all(drFailback(), legacy("cache", 0, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.1.0.0/19"] })) },
    { name: "prod fenced but its database still admits the backend security group (rule resource)", change: all(prodFenced(), reopen("database", 5432, "prod")) },
    { name: "prod fenced but its cache still admits the frontend's group inline", change: all(prodFenced(), inline("cache", 6379, rs => ({ securityGroups: [group(rs, "frontend-tasks")] }))) },
    // ---------- the fence declared but not by the stack ----------
    { name: "prod rendered serving (drFenced false) while the fenced pack config would say fenced: the output is read, and a serving prod with no task is refused",
      change: all(noTasks, stackOutput("drFenced", false)) },
    // ---------- one zone ----------
    { stack: "dr", name: "dr frontend in one private subnet in standby (pilot light): failover starts it in one zone", change: onlyFirstSubnet("frontend-service") },
    { stack: "dr", name: "dr in failback: backend moved to one subnet while fenced (fail-back to dr later scales it up there)", change: all(drFailback(), onlyFirstSubnet("backend-service")) },
    { stack: "dr", name: "dr backend's two subnets, the second moved into us-west-2a: both in one zone",
      change: edit(SUBNET, p => { p.availabilityZone = "us-west-2a"; }, named("network-private-1")) },
    { name: "prod fenced with its backend in one subnet: fail-back scales it up in one zone", change: all(prodFenced(), onlyFirstSubnet("backend-service")) },
    { name: "prod serving with the frontend in one subnet", change: onlyFirstSubnet("frontend-service") },
];

const compliant: Case[] = [
    { stack: "dr", name: "dr failback phase as the program renders it: Multi-AZ primary kept with protection, fenced (probe 503, no task, stores closed)", change: drFailback() },
    { name: "prod fenced as the program renders it: probe 503, no task, stores closed, static replication paused", change: prodFenced() },
    { stack: "dr", name: "dr standby, pilot light: no task, the stores open to the backend (promotion needs them)", change: () => undefined },
    { stack: "dr", name: "dr in failback with a scheduled action keeping the fence (floor \"0\", ceiling \"1\" as strings)",
      change: all(drFailback(), (rs: any[]) => add("aws:appautoscaling/scheduledAction:ScheduledAction", "backend-night", {
          name: "backend-night", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: outputOf(rs, TGT, "resourceId", named("backend-scaling")),
          schedule: "cron(0 22 * * ? *)", scalableTargetAction: { minCapacity: "0", maxCapacity: "1" },
      })(rs)) },
    { stack: "dr", name: "dr promoted as the program renders it (two zones, prod's capacity)", change: drServing("promoted") },
    { name: "prod serving, unchanged", change: () => undefined },
];

suite("adversarial class 3: fenced phases and zones", violations, compliant);
