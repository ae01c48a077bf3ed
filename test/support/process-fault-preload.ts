// Loaded before the gateway's entry point (`node --import`) by the process-errors test: each SIGUSR2
// makes the next failure that no handler catches, first an unhandled rejection, then an uncaught
// exception. Their messages hold a personal value that must never reach a log.
let signals = 0;
process.on("SIGUSR2", () => {
  signals += 1;
  if (signals === 1) void Promise.reject(new TypeError("Jane Specimen, born 1988-12-04"));
  else setImmediate(() => {
    throw Object.assign(new RangeError("document number 123456789"), { code: "ERR_TEST_FAULT" });
  });
});
