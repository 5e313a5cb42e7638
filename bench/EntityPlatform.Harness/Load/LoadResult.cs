namespace EntityPlatform.Harness.Load;

/// <summary>What the load loop itself saw: ops it could not start because too many were in flight (a stall).</summary>
public sealed record LoadResult(long Scheduled, long Skipped);
