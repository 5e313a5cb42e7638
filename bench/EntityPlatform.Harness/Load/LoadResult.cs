namespace EntityPlatform.Harness.Load;

/// <summary>
/// What the load loop itself saw: ops it could not start because too many were in flight (a stall), and ops it
/// held back while the nemesis let the cluster go idle (<see cref="LoadGate"/>).
/// </summary>
public sealed record LoadResult(long Scheduled, long Skipped, long Idled = 0);
