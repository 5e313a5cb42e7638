namespace EntityPlatform.Grpc.Api;

/// <summary>Metadata keys of the public API (documented in proto/entityplatform/v1/entity.proto).</summary>
public static class ApiMetadata
{
    /// <summary>
    /// On UNAVAILABLE from a node that is not the shard's leader: <c>&lt;node id&gt;@&lt;host&gt;:&lt;port&gt;</c>
    /// of the leader it believes in, or empty when none is known.
    /// </summary>
    public const string LeaderHint = "ep-leader-hint";
}
