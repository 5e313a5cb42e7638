namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// What the watchdog reads of the loop, in <see cref="System.Diagnostics.Stopwatch"/> timestamps (monotonic):
/// when the loop last began an iteration, and when the storage commit now running began (0 if none runs).
/// </summary>
public readonly record struct LoopProgress(long LastIterationTimestamp, long CommitStartedTimestamp);
