namespace EntityPlatform.Contracts.Wire;

/// <summary>Metadata keys and error reasons of the public API (documented in entity.proto and docs/grpc.md).</summary>
public static class ApiMetadata
{
    /// <summary>
    /// On UNAVAILABLE from a node that is not the shard's leader: <c>&lt;node id&gt;@&lt;host&gt;:&lt;port&gt;</c>
    /// of the leader it believes in, or empty when none is known.
    /// </summary>
    public const string LeaderHint = "ep-leader-hint";

    /// <summary>On every error a node returns: the same reason as the ErrorInfo detail, such as <c>SESSION_EXPIRED</c> (<see cref="ErrorReasons"/>).</summary>
    public const string ErrorReason = "ep-error-reason";

    /// <summary>Set on a call one node forwards to the shard's leader, so the leader never forwards it again.</summary>
    public const string Forwarded = "ep-forwarded";

    /// <summary>The google.rpc.ErrorInfo domain of every error detail a node attaches.</summary>
    public const string ErrorDomain = "entityplatform.io";
}
