namespace EntityPlatform.Projections.Hosting;

/// <summary>
/// The event source failed more times in a row than <see cref="ProjectionHostOptions.MaxConsecutiveSourceFailures"/>
/// allows, or with an error <see cref="ProjectionHostOptions.IsPermanentSourceError"/> calls permanent.
/// </summary>
public sealed class ProjectionSourceFailedException(int failures, Exception lastError)
    : Exception($"the event source failed ({failures} in a row without a batch applied in between; the last error is not retried further): {lastError.Message}", lastError);
