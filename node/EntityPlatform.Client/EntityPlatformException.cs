using Grpc.Core;

namespace EntityPlatform.Client;

/// <summary>
/// A call failed for good: a status a retry cannot change, or the retries (attempts or the caller's
/// deadline) ran out. A command that fails this way was applied at most once; whether it was applied at
/// all is unknown when <see cref="MayHaveBeenApplied"/> is true (query the entity, or send the next command).
/// A business rejection is never an exception: it comes back in the reply.
/// </summary>
public sealed class EntityPlatformException(StatusCode statusCode, string message, int attempts, bool mayHaveBeenApplied, Exception? inner)
    : Exception(message, inner)
{
    /// <summary>The gRPC status of the last attempt (DEADLINE_EXCEEDED when the caller's deadline ran out).</summary>
    public StatusCode StatusCode => statusCode;

    public int Attempts => attempts;

    /// <summary>False only when no attempt can have reached a leader (e.g. INVALID_ARGUMENT on the first attempt); always false for queries.</summary>
    public bool MayHaveBeenApplied => mayHaveBeenApplied;
}
