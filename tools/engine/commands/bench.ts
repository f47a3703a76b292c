import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { CliOptions } from "../cli/args";
import { EXIT } from "../errors";
import { syntheticResources } from "../bench/synthetic";
import { analyzeStack } from "../pack/session";
import { cpuSeconds, startPack } from "../pack/process";
import { checkStacksExist, discoverStacks } from "../program/stacks";

const RUNS = 3;
const RUN_JS = path.resolve(__dirname, "..", "..", "run.js");

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

/** Wall and CPU time of one run; CPU covers the whole process tree (load-independent). */
interface Timing {
    seconds: number;
    cpu: number;
    status: number | null;
}

/** Median timings of a Node command, after one warm-up run (file caches, transpile cache). */
function timeNode(args: string[], cwd: string): Timing {
    const runs: Timing[] = [];
    for (let i = 0; i <= RUNS; i++) {
        const cpu0 = cpuSeconds("self", true) ?? NaN;
        const start = process.hrtime.bigint();
        const status = spawnSync(process.execPath, args, { cwd, stdio: "ignore" }).status;
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        if (i > 0) {
            runs.push({ seconds, cpu: (cpuSeconds("self", true) ?? NaN) - cpu0, status });
        }
    }
    return { seconds: median(runs.map((r) => r.seconds)), cpu: median(runs.map((r) => r.cpu)), status: runs[0].status };
}

function figures(t: Timing, floor: Timing): string {
    return `${t.seconds.toFixed(2)} s wall (${(t.seconds / floor.seconds).toFixed(1)}x floor), ` +
        `${t.cpu.toFixed(2)} s CPU (${(t.cpu / floor.cpu).toFixed(1)}x floor)`;
}

/**
 * `bench`: prints the floor (Node start plus loading @pulumi/pulumi and @pulumi/aws), each
 * stack's offline preview wall time, and the policy pack's throughput over a synthetic export.
 */
export async function bench(options: CliOptions): Promise<number> {
    const cwd = path.resolve(options.cwd);
    const floor = timeNode(["-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"], cwd);
    console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)}`);
    console.log(`floor (node + @pulumi/pulumi + @pulumi/aws): ${floor.seconds.toFixed(2)} s wall, ${floor.cpu.toFixed(2)} s CPU`);
    checkStacksExist(cwd, options.stacks);
    const stacks = options.stacks.length ? options.stacks : discoverStacks(cwd);
    for (const stack of stacks) {
        const run = timeNode([RUN_JS, "preview", "--stack", stack, "--policy-pack", path.resolve(options.policyPack)], cwd);
        console.log(`preview ${stack}: ${figures(run, floor)}, exit ${run.status}`);
    }
    const resources = syntheticResources(options.resources);
    const started = Date.now();
    const pack = await startPack(path.resolve(options.policyPack));
    const startup = (Date.now() - started) / 1000;
    try {
        const packCpu = () => cpuSeconds(pack.pid) ?? NaN;
        const cpu0 = process.cpuUsage();
        const packCpu0 = packCpu();
        const t0 = process.hrtime.bigint();
        const result = await analyzeStack(pack, {
            stack: "bench", project: "bench", organization: "organization", stackConfig: {}, secretKeys: [], resources,
        });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpu = process.cpuUsage(cpu0);
        console.log(`policy pack ${result.policyPack} (started in ${startup.toFixed(2)} s): ` +
            `${resources.length} resources in ${seconds.toFixed(2)} s = ${Math.round(resources.length / seconds)} resources/s ` +
            `(${result.violations.length} violations; CPU: engine ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ` +
            `pack ${(packCpu() - packCpu0).toFixed(2)} s)`);
    } finally {
        pack.close();
    }
    return EXIT.ok;
}
