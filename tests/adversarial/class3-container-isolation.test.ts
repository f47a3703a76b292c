/**
 * Class 3: what a container may reach beyond itself (ECS.1, ECS.4, ECS.5), judged as ECS and
 * Docker would run it: the user it runs as (no user is its image's default, root unless the image
 * is known to run as another user), the capabilities it adds beyond Docker's default set (SYS_PTRACE
 * included, worst with a task-shared pid namespace), the host paths its volumes bind, and whether its
 * root filesystem is read-only. A task definition no service uses still counts: anyone may run it.
 */
import { ACCOUNT, add, all, Case, drift, edit, named, suite, tags } from "./support";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const IMG = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend`;

/** Edits the container list of a task definition. */
const containers = (task: string, f: (list: any[]) => void) => edit(TD, p => {
    const list = JSON.parse(p.containerDefinitions);
    f(list);
    p.containerDefinitions = JSON.stringify(list);
}, named(task));
const backend = (f: (c: any) => void) => containers("backend-task", l => f(l[0]));
const frontend = (f: (c: any) => void) => containers("frontend-task", l => f(l[0]));
/** Edits the backend task's X-Ray sidecar. */
const sidecar = (f: (c: any) => void) => containers("backend-task", l => f(l[1]));

/** A stand-alone "debug" task definition no service runs. */
const debugTask = (over: Record<string, any>, container: Record<string, any>) => add(TD, "debug-task", {
    family: "expertconnect-prod-debug",
    requiresCompatibilities: ["EC2"],
    networkMode: "awsvpc",
    cpu: "256", memory: "512",
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/backend-roles-execution-65fe5e6`,
    containerDefinitions: JSON.stringify([{
        name: "debug", image: `${IMG}:v1.0.0`, essential: true, user: "1000:1000", readonlyRootFilesystem: true, privileged: false,
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/expertconnect-prod-backend", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "debug" } },
        ...container,
    }]),
    tags: tags("backend"),
    ...over,
});

const violations: Case[] = [
    { name: "the backend runs as uid 0", change: backend(c => { c.user = "0"; }) },
    { name: "the backend runs as root:root", change: backend(c => { c.user = "root:root"; }) },
    { name: "the backend's user removed (its image's default is root)", change: backend(c => { delete c.user; }) },
    {
        name: "DRIFT: the backend's task definition runs as root in the deployed state", change: drift(TD, p => {
            const l = JSON.parse(p.containerDefinitions); l[0].user = "root"; p.containerDefinitions = JSON.stringify(l);
        }, named("backend-task")),
    },
    { name: "the X-Ray sidecar runs as 0:0", change: sidecar(c => { c.user = "0:0"; }) },
    { name: "dr: the frontend runs as root", stack: "dr", change: containers("frontend-task", l => { l[0].user = "root"; }) },
    { name: "the frontend's root filesystem made writable", change: frontend(c => { c.readonlyRootFilesystem = false; }) },
    { name: "dr: the backend's read-only setting removed (writable by default)", stack: "dr", change: containers("backend-task", l => { delete l[0].readonlyRootFilesystem; }) },
    { name: "the backend adds SYS_PTRACE", change: backend(c => { c.linuxParameters = { ...c.linuxParameters, capabilities: { add: ["SYS_PTRACE"] } }; }) },
    {
        name: "pidMode task and SYS_PTRACE on the sidecar (reads the backend's memory)", change: all(
            edit(TD, p => { p.pidMode = "task"; }, named("backend-task")),
            sidecar(c => { c.linuxParameters = { capabilities: { add: ["SYS_PTRACE"] } }; })),
    },
    { name: "the frontend adds NET_ADMIN", change: frontend(c => { c.linuxParameters = { ...c.linuxParameters, capabilities: { add: ["CAP_NET_ADMIN"] } }; }) },
    { name: "a debug task binds the Docker socket", change: debugTask({ volumes: [{ name: "docker", hostPath: "/var/run/docker.sock" }] }, { mountPoints: [{ sourceVolume: "docker", containerPath: "/var/run/docker.sock" }] }) },
    { name: "a debug task binds /run (the socket's directory)", change: debugTask({ volumes: [{ name: "run", hostPath: "/run/" }] }, { mountPoints: [{ sourceVolume: "run", containerPath: "/host-run", readOnly: true }] }) },
    { name: "a debug task mounts the host's root", change: debugTask({ volumes: [{ name: "hostroot", hostPath: "/" }] }, { mountPoints: [{ sourceVolume: "hostroot", containerPath: "/host", readOnly: false }] }) },
    {
        name: "a debug task binds /proc through a local Docker volume", change: debugTask(
            { volumes: [{ name: "proc", dockerVolumeConfiguration: { scope: "task", driver: "local", driverOpts: { type: "none", o: "bind", device: "/proc" } } }] },
            { mountPoints: [{ sourceVolume: "proc", containerPath: "/host/proc", readOnly: true }] }),
    },
    { name: "a debug task sets no user (runs as root)", change: debugTask({}, { user: undefined }) },
];

const compliant: Case[] = [
    { name: "the X-Ray sidecar bumped to 3.3.16 on ECR Public (its image runs as xray)", change: sidecar(c => { c.image = "public.ecr.aws/xray/aws-xray-daemon:3.3.16"; }) },
    { name: "the backend runs as another non-root uid:gid", change: backend(c => { c.user = "1001:1001"; }) },
    { name: "the backend drops every capability", change: backend(c => { c.linuxParameters = { ...c.linuxParameters, capabilities: { drop: ["ALL"] } }; }) },
];

suite("adversarial class 3: what a container reaches beyond itself", violations, compliant);
