using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Projections.Sources;

/// <summary>Builds <see cref="EventSource"/>s from the ways a program can subscribe.</summary>
public static class EventSources
{
    /// <summary>
    /// Adapts a subscribe method shaped like the SDK's
    /// <c>EntityPlatformClient.SubscribeAsync(entityType, resumeFrom, cancellationToken)</c>, so a program writes
    /// <c>EventSources.FromSubscribe(client.SubscribeAsync, "accounts")</c> and the host gets one entity type's
    /// events. The SDK's method already moves to another replica when a node fails.
    /// </summary>
    public static EventSource FromSubscribe(
        Func<string, IReadOnlyDictionary<uint, ulong>?, CancellationToken, IAsyncEnumerable<CommittedEvent>> subscribe,
        string entityType)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        if (string.IsNullOrWhiteSpace(entityType))
        {
            throw new ArgumentException("entityType must be a non-empty entity type name, e.g. \"accounts\"", nameof(entityType));
        }

        return (resumeFrom, cancellationToken) => subscribe(entityType, resumeFrom, cancellationToken);
    }
}
