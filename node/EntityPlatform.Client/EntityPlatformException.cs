using EntityPlatform.Contracts.Wire;
using Grpc.Core;

namespace EntityPlatform.Client;

/// <summary>
/// A call failed for good: a status a retry cannot change, or the retries (attempts or the caller's
/// deadline) ran out. A command that fails this way was applied at most once; whether it was applied at
/// all is unknown when <see cref="MayHaveBeenApplied"/> is true (query the entity, or send the next command).
/// A business rejection is never an exception: it comes back in the reply.
/// </summary>
public sealed class EntityPlatformException(StatusCode statusCode, string message, int attempts, bool mayHaveBeenApplied, Exception? inner, string? reason = null)
    : Exception(message, inner)
{
    /// <summary>
    /// The server's machine-readable reason (the ErrorInfo reason, else the ep-error-reason trailer), such as
    /// "SESSION_EXPIRED" or "NOT_LEADER"; null when none.
    /// </summary>
    public string? Reason => reason;

    /// <summary>The command's client session expired on its shard; the client continues on a new session.</summary>
    public bool IsSessionExpired => reason == ErrorReasons.SessionExpired;

    /// <summary>The gRPC status of the last attempt (DEADLINE_EXCEEDED when the caller's deadline ran out).</summary>
    public StatusCode StatusCode => statusCode;

    public int Attempts => attempts;

    /// <summary>False only when no attempt can have reached a leader (e.g. INVALID_ARGUMENT on the first attempt); always false for queries.</summary>
    public bool MayHaveBeenApplied => mayHaveBeenApplied;
}
