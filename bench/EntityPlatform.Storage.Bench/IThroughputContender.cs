namespace EntityPlatform.Storage.Bench;

/// <summary>One writer in the throughput comparison: each step durably writes one batch.</summary>
internal interface IThroughputContender : IDisposable
{
    /// <summary>Writes and syncs one batch; returns the entries it made durable.</summary>
    long Step();
}
