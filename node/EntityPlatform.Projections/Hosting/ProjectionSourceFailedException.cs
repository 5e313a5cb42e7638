namespace EntityPlatform.Projections.Hosting;

/// <summary>The event source failed more times in a row than <see cref="ProjectionHostOptions.MaxConsecutiveSourceFailures"/> allows.</summary>
public sealed class ProjectionSourceFailedException(int failures, Exception lastError)
    : Exception($"the event source failed {failures} times in a row without a batch applied in between: {lastError.Message}", lastError);
