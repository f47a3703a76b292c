/**
 * Class 3, traffic paths: health checks and listeners that exist but do not give Route 53 (or a
 * user) what the design needs. Each Route 53 check is followed as Route 53 follows it, through the
 * listener's rules, to what answers it in the stack's current dr phase: a role probe answering
 * against the phase, a role check that no longer reads the role probe, a check of the failover
 * name (whichever region is healthy answers it). And each route of the app (the API at /api/*,
 * the frontend at /) followed through the HTTPS listener to a target group that a service
 * registers the route's container with, health-checked on that container's port.
 */
import { all, Case, drift, edit, named, suite } from "./support";

const HC = "aws:route53/healthCheck:HealthCheck";
const RULE = "aws:lb/listenerRule:ListenerRule";
const LISTENER = "aws:lb/listener:Listener";
const TG = "aws:lb/targetGroup:TargetGroup";
const SERVICE = "aws:ecs/service:Service";
/** The ARN of the stack's target group `name` (alb-backend, alb-frontend), read from the export being changed. */
const groupArn = (rs: any[], name: string) => rs.find(r => r.type === TG && r.urn.endsWith(`::${name}`)).outputs.arn;
/** Points the listener rule `rule` at the target group `group` (inputs and outputs, as a program change would). */
const forwardTo = (rule: string, group: string) => (rs: any[]) => edit(RULE, p => { p.actions = [{ type: "forward", targetGroupArn: groupArn(rs, group) }]; }, named(rule))(rs);
/** A new rule on the HTTPS listener (the listener's ARN read from the export). */
const newRule = (name: string, priority: number, patterns: string[], actions: (rs: any[]) => object[]) => (rs: any[]) => {
    const https = rs.find(r => r.type === LISTENER && r.urn.endsWith("::alb-https"));
    const template = rs.find(r => r.type === RULE && r.urn.endsWith("::alb-rule-100"));
    const props = { ...template.outputs, listenerArn: https.outputs.arn, priority, conditions: [{ pathPattern: { values: patterns } }], actions: actions(rs), arn: `${https.outputs.arn}/rule/${name}` };
    rs.push({ ...structuredClone(template), urn: template.urn.replace(/::alb-rule-100$/, `::${name}`), id: `${name}-id`, inputs: { ...template.inputs, ...props }, outputs: props });
};
const fixed = (statusCode: string, messageBody: string) => [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody, statusCode } }];
const roleProbe = (statusCode: string, body: string) => (p: any) => { p.actions = fixed(statusCode, body); };

const violations: Case[] = [
    // The role probe answers against the phase.
    { name: "prod's role probe answers 503 while prod serves (Route 53 sends users to the standby)", change: edit(RULE, roleProbe("503", "not serving"), named("alb-role-probe")) },
    { name: "drift: prod's role probe set to 503 in the console", change: drift(RULE, roleProbe("503", "not serving"), named("alb-role-probe")) },
    { name: "prod's role probe answers 404 while prod serves", change: edit(RULE, roleProbe("404", "gone"), named("alb-role-probe")) },
    { name: "prod's role probe rule's path changed (the probe falls through to the frontend)", change: edit(RULE, p => { p.conditions = [{ pathPattern: { values: ["/.well-known/expertconnect/serving-v2"] } }]; }, named("alb-role-probe")) },
    { stack: "dr", name: "dr: standby role probe answers 200 'serving' (prod's inverted peer check fails)", change: edit(RULE, roleProbe("200", "serving"), named("alb-role-probe")) },
    { stack: "dr", name: "dr drift: standby role probe set to 302 in the console", change: drift(RULE, p => { p.actions = [{ type: "redirect", redirect: { path: "/", statusCode: "HTTP_302" } }]; }, named("alb-role-probe")) },
    // The record's checks read the role probe.
    { name: "role check path switched to the app's health path", change: edit(HC, p => { p.resourcePath = "/api/health/"; }, named("dns-role")) },
    { name: "role check switched to HTTP on 80 (the redirect always answers 301)", change: edit(HC, p => { p.type = "HTTP"; p.port = 80; delete p.enableSni; }, named("dns-role")) },
    { name: "role check inverted", change: edit(HC, p => { p.invertHealthcheck = true; }, named("dns-role")) },
    { stack: "dr", name: "dr: serving check drops its role child", change: edit(HC, p => { p.childHealthchecks = p.childHealthchecks.filter((c: string) => !c.startsWith("dns-role")); p.childHealthThreshold = 1; }, named("dns-serving")) },
    { stack: "dr", name: "dr: serving check needs only one of app and role", change: edit(HC, p => { p.childHealthThreshold = 1; }, named("dns-serving")) },
    // Checks of the failover name follow whichever region answers it.
    { name: "app check fqdn set to the failover name", change: edit(HC, p => { p.fqdn = "app.expertconnect.example"; }, named("dns-app")) },
    { name: "role check fqdn set to the failover name", change: edit(HC, p => { p.fqdn = "app.expertconnect.example"; }, named("dns-role")) },
    // Each route reaches its container.
    { name: "/api/* rule forwards to the frontend's target group", change: forwardTo("alb-rule-100", "alb-frontend") },
    { name: "/static/* rule forwards to the frontend's target group", change: forwardTo("alb-rule-120", "alb-frontend") },
    { name: "HTTPS listener default left on a 503 maintenance page", change: edit(LISTENER, p => { p.defaultActions = fixed("503", "maintenance"); }, named("alb-https")) },
    { name: "maintenance rule answering 503 ahead of /api/*", change: newRule("alb-maintenance", 50, ["/api/*"], () => fixed("503", "maintenance")) },
    { name: "drift: /admin/* rule answers a fixed 200 in the console", change: drift(RULE, p => { p.actions = fixed("200", "ok"); }, named("alb-rule-110")) },
    { name: "backend service detached from its target group", change: edit(SERVICE, p => { p.loadBalancers = []; delete p.healthCheckGracePeriodSeconds; }, named("backend-service")) },
    { name: "frontend service registers its container with the backend's group", change: (rs: any[]) => edit(SERVICE, p => { p.loadBalancers = p.loadBalancers.map((l: any) => ({ ...l, targetGroupArn: groupArn(rs, "alb-backend") })); }, named("frontend-service"))(rs) },
    { name: "backend target group health check on port 9000", change: edit(TG, p => { p.healthCheck = { ...p.healthCheck, port: "9000" }; }, named("alb-backend")) },
    { name: "the /static/* rule repurposed as a /legacy/* maintenance page (static files fall through to the frontend)", change: edit(RULE, p => { p.conditions = [{ pathPattern: { values: ["/legacy/*"] } }]; p.actions = fixed("503", "maintenance"); }, named("alb-rule-120")) },
    { stack: "dr", name: "dr: /api/* rule forwards to the frontend's target group", change: forwardTo("alb-rule-100", "alb-frontend") },
];

const compliant: Case[] = [
    { name: "role probe body reworded, status kept", change: edit(RULE, p => { p.actions[0].fixedResponse.messageBody = "prod serves"; }, named("alb-role-probe")) },
    { name: "role check matches the role probe's body", change: all(
        edit(RULE, roleProbe("200", "serving"), named("alb-role-probe")),
        edit(HC, p => { p.type = "HTTPS_STR_MATCH"; p.searchString = "serving"; }, named("dns-role"))) },
    { name: "role checks every 10 s", change: edit(HC, p => { p.requestInterval = 10; }, r => /dns-(role|peer-role)/.test(r.urn)) },
    { stack: "dr", name: "dr: standby role probe answers 503 with another body", change: edit(RULE, roleProbe("503", "standby"), named("alb-role-probe")) },
    { name: "backend target group health matcher tightened to 200", change: edit(TG, p => { p.healthCheck = { ...p.healthCheck, matcher: "200" }; }, named("alb-backend")) },
    { name: "backend target group health check on traffic-port, spelled out", change: edit(TG, p => { p.healthCheck = { ...p.healthCheck, port: "traffic-port" }; }, named("alb-backend")) },
    { name: "new rule sending /media/* to the backend", change: newRule("alb-rule-130", 130, ["/media/*"], rs => [{ type: "forward", targetGroupArn: groupArn(rs, "alb-backend") }]) },
    { name: "maintenance rule answering 503 on /legacy/*, a path nobody serves", change: newRule("alb-rule-140", 140, ["/legacy/*"], () => fixed("503", "gone")) },
    { name: "HTTP listener redirect becomes 302", change: edit(LISTENER, p => { p.defaultActions[0].redirect.statusCode = "HTTP_302"; }, named("alb-http")) },
];

suite("adversarial class 3: traffic paths as Route 53 and the load balancer serve them", violations, compliant);
