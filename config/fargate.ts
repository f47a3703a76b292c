/**
 * Memory sizes (MiB) Fargate accepts for a CPU size. A task definition with another pair is
 * rejected by ECS at deploy time, so the config check catches it before anything runs.
 */
export function fargateMemoryChoices(cpu: number): number[] {
    const range = (from: number, to: number) =>
        Array.from({ length: (to - from) / 1024 + 1 }, (_, i) => from + i * 1024);
    switch (cpu) {
        case 256:
            return [512, 1024, 2048];
        case 512:
            return range(1024, 4096);
        case 1024:
            return range(2048, 8192);
        case 2048:
            return range(4096, 16384);
        case 4096:
            return range(8192, 30720);
        default:
            return [];
    }
}
