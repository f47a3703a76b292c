// Mocha's spec reporter, plus one closing line in the plain "N passed, N failed" form that
// CI systems read without knowing mocha's own summary.
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const { passes, failures, pending } = runner.stats;
            console.log(`${passes} passed, ${failures} failed, ${pending} skipped`);
        });
    }
}

module.exports = SummaryReporter;
