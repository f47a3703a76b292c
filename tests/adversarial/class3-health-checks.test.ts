/**
 * Class 3, health checks that AWS accepts but that cannot tell a serving container from a dead
 * one (policy/paths/health.ts under paths-verified): a container check whose command always
 * fails (ECS stops every task) or always succeeds (a dead app stays in service), curls without
 * --fail (an app answering 503 stays healthy), probes a port or
 * path the app does not answer, or gives up before Django or Next.js has booted; a target group
 * check of a path, protocol or status the backend does not answer. Legitimate variants (another
 * health path set everywhere, a longer start period, curl in CMD form, the environment's path in
 * a shell check) pass.
 */
import { Case, drift, edit, named, suite } from "./support";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const TG = "aws:lb/targetGroup:TargetGroup";
const HC = "aws:route53/healthCheck:HealthCheck";
const SVC = "aws:ecs/service:Service";

/** Edits container `container` of task definition `task` (the JSON string on inputs and outputs). */
const container = (task: string, name: string, fn: (c: any) => void) => edit(TD, p => {
    if (typeof p.containerDefinitions !== "string") return;
    const list = JSON.parse(p.containerDefinitions);
    fn(list.find((c: any) => c.name === name));
    p.containerDefinitions = JSON.stringify(list);
}, named(task));
const backend = (fn: (c: any) => void) => container("backend-task", "backend", fn);
const frontend = (fn: (c: any) => void) => container("frontend-task", "frontend", fn);
const command = (...cmd: string[]) => (c: any) => { c.healthCheck = { ...c.healthCheck, command: cmd }; };
const groupCheck = (group: string, change: object) => edit(TG, p => { p.healthCheck = { ...p.healthCheck, ...change }; }, named(group));
/** The backend's health path moved to `path` everywhere the program sets it (the container's variable and check, the target group, Route 53's app check). */
const movedHealthPath = (path: string) => (rs: any[]) => {
    backend(c => {
        c.environment = c.environment.map((e: any) => e.name === "HEALTH_CHECK_PATH" ? { ...e, value: path } : e);
        c.healthCheck.command = [...c.healthCheck.command.slice(0, -1), path];
    })(rs);
    groupCheck("alb-backend", { path })(rs);
    edit(HC, p => { p.resourcePath = path; }, named("dns-app"))(rs);
};

const violations: Case[] = [
    // Commands whose result does not depend on the app.
    { name: "backend container check always fails (CMD-SHELL exit 1)", change: backend(command("CMD-SHELL", "exit 1")) },
    { stack: "dr", name: "dr: backend container check always fails (CMD-SHELL false)", change: backend(command("CMD-SHELL", "false")) },
    { name: "backend check swallows the probe's failure (curl ... || exit 0)", change: backend(command("CMD-SHELL", "curl -f http://localhost:8000/api/health/ || exit 0")) },
    { name: "frontend check ends with exit 0 after its probe", change: frontend(command("CMD-SHELL", "node -e \"fetch('http://127.0.0.1:3000/')\"; exit 0")) },
    { name: "backend check is `true` with a decorative || exit 1", change: backend(command("CMD-SHELL", "true || exit 1")) },
    { name: "backend check execs `exit` (no such program: CMD form)", change: backend(command("CMD", "exit", "0")) },
    { name: "backend check type misspelled (CMD-EXEC)", change: backend(command("CMD-EXEC", "curl -f http://localhost:8000/api/health/")) },
    // Probes of what the app does not answer.
    { name: "backend check probes port 8080 (Django listens on 8000)", change: backend(command("CMD-SHELL", "curl -f http://localhost:8080/api/health/ || exit 1")) },
    { name: "frontend check copied from the backend's (probes 8000)", change: frontend(command("CMD", "node", "-e", "fetch('http://127.0.0.1:8000' + process.argv[1]).then(r => process.exit(r.status < 400 ? 0 : 1), () => process.exit(1))", "/")) },
    { name: "backend check probes /healthz (Django refuses it with 400)", change: backend(command("CMD", "curl", "-f", "http://127.0.0.1:8000/healthz")) },
    { name: "backend check over https to the plain-HTTP app", change: backend(command("CMD-SHELL", "curl -fk https://localhost:8000/api/health/ || exit 1")) },
    { name: "backend check curls the health path without --fail (a 503 counts healthy)", change: backend(command("CMD-SHELL", "curl -sS http://localhost:8000/api/health/ || exit 1")) },
    { stack: "dr", name: "dr: backend check curls without --fail in CMD form", change: backend(command("CMD", "curl", "--silent", "http://127.0.0.1:8000/api/health/")) },
    // Timings that stop the task before it boots.
    { name: "backend check gives up after 5 s (no start period, 1 retry of 5 s)", change: backend(c => { c.healthCheck = { ...c.healthCheck, startPeriod: 0, interval: 5, retries: 1 }; }) },
    { name: "frontend check start period 10 s, 3 retries 10 s apart", change: frontend(c => { c.healthCheck = { ...c.healthCheck, startPeriod: 10, interval: 10, retries: 3 }; }) },
    // Target group checks the backend does not answer.
    { name: "backend target group checks /healthz", change: groupCheck("alb-backend", { path: "/healthz" }) },
    { name: "drift: backend target group's path set to /health in the console", change: drift(TG, p => { p.healthCheck = { ...p.healthCheck, path: "/health" }; }, named("alb-backend")) },
    { name: "backend target group counts only 204 healthy", change: groupCheck("alb-backend", { matcher: "204" }) },
    { name: "backend target group checks over HTTPS", change: groupCheck("alb-backend", { protocol: "HTTPS" }) },
    { name: "backend's HEALTH_CHECK_PATH moved alone (the target group still asks for /api/health/)", change: backend(c => { c.environment = c.environment.map((e: any) => e.name === "HEALTH_CHECK_PATH" ? { ...e, value: "/api/healthz/" } : e); }) },
    // Load-balancer timings that stop every new task before it boots.
    { name: "backend service's health-check grace period set to 0", change: edit(SVC, p => { p.healthCheckGracePeriodSeconds = 0; }, named("backend-service")) },
    { stack: "dr", name: "dr: frontend grace 10 s with a 2 x 5 s target group check", change: (rs: any[]) => { edit(SVC, p => { p.healthCheckGracePeriodSeconds = 10; }, named("frontend-service"))(rs); groupCheck("alb-frontend", { interval: 5, timeout: 4, unhealthyThreshold: 2 })(rs); } },
];

const compliant: Case[] = [
    { name: "backend grace period 60 -> 120", change: edit(SVC, p => { p.healthCheckGracePeriodSeconds = 120; }, named("backend-service")) },
    { name: "backend target group every 10 s, healthy after 3", change: groupCheck("alb-backend", { interval: 10, healthyThreshold: 3 }) },
    { name: "the health path moved to /api/healthz/ everywhere the program sets it", change: movedHealthPath("/api/healthz/") },
    { name: "backend check start period 120 s", change: backend(c => { c.healthCheck = { ...c.healthCheck, startPeriod: 120 }; }) },
    { name: "backend check in CMD form with curl", change: backend(command("CMD", "curl", "-f", "http://localhost:8000/api/health/")) },
    { name: "backend shell check of $HEALTH_CHECK_PATH with || exit 1", change: backend(command("CMD-SHELL", "curl -fsS http://127.0.0.1:8000${HEALTH_CHECK_PATH} >/dev/null || exit 1")) },
    { name: "backend check through sh -c with wget", change: backend(command("CMD", "sh", "-c", "wget -q -O /dev/null http://127.0.0.1:8000/api/health/")) },
    { name: "backend check reads the health answer with grep (curl without --fail, piped)", change: backend(command("CMD-SHELL", "curl -s http://127.0.0.1:8000/api/health/ | grep -q '\"status\"'")) },
    { name: "frontend container check turned off (NONE: the target group still checks)", change: frontend(command("NONE")) },
    { name: "frontend check every 10 s, 5 retries, 30 s start period", change: frontend(c => { c.healthCheck = { ...c.healthCheck, startPeriod: 30, interval: 10, retries: 5 }; }) },
    { name: "backend target group matcher 200,204", change: groupCheck("alb-backend", { matcher: "200,204" }) },
    { name: "backend target group on port 8000 named, matcher 200", change: groupCheck("alb-backend", { port: "8000", matcher: "200" }) },
    { name: "frontend target group checks another page", change: groupCheck("alb-frontend", { path: "/login" }) },
];

suite("adversarial class 3: health checks that tell a serving container from a dead one", violations, compliant);
