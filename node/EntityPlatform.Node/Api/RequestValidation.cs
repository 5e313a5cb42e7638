using System.Text;
using EntityPlatform.Contracts.Wire;
using Grpc.Core;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Api;

/// <summary>Client input checks; each failure is INVALID_ARGUMENT (or NOT_FOUND) naming the field and what was expected.</summary>
internal static class RequestValidation
{
    public static void EntityAddress(ShardCatalog catalog, RequestLimits limits, string entityType, string entityId, int payloadBytes)
    {
        if (string.IsNullOrEmpty(entityType))
        {
            throw Invalid("entity_type is empty; expected the name of a hosted entity type");
        }

        if (!catalog.Hosts(entityType))
        {
            throw RichErrors.Create(StatusCode.NotFound,
                $"entity_type '{entityType}' is not hosted by this cluster; known types: {string.Join(", ", catalog.Types.Select(type => type.Name))}",
                ErrorReasons.UnknownEntityType);
        }

        if (string.IsNullOrEmpty(entityId))
        {
            throw Invalid("entity_id is empty; expected a non-empty id");
        }

        if (Encoding.UTF8.GetByteCount(entityId) > limits.MaxEntityIdBytes)
        {
            throw Invalid($"entity_id is longer than {limits.MaxEntityIdBytes} bytes");
        }

        if (payloadBytes > limits.MaxPayloadBytes)
        {
            // INVALID_ARGUMENT, not RESOURCE_EXHAUSTED: retrying cannot help, and clients retry the latter.
            throw Invalid($"payload is {payloadBytes} bytes; at most {limits.MaxPayloadBytes} are allowed");
        }
    }

    /// <summary>How far in the future a session's creation time may lie (client clocks drift).</summary>
    public static readonly TimeSpan MaxSessionClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An empty session means "no deduplication"; otherwise a UUIDv7 (its first 48 bits are its creation
    /// time, which orders session expiry; docs/grpc.md) and a positive request id.
    /// </summary>
    public static Guid Session(string clientSessionId, ulong requestId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(clientSessionId))
        {
            return Guid.Empty;
        }

        if (!Guid.TryParse(clientSessionId, out var session) || session == Guid.Empty)
        {
            throw Invalid($"client_session_id '{clientSessionId}' is not a UUID; expected a UUIDv7 such as 019ae3c4-5f10-7cc3-9a4e-2f1d8c6b7a90, or empty");
        }

        if (session.Version != 7)
        {
            throw Invalid($"client_session_id '{clientSessionId}' is a version {session.Version} UUID; expected a UUIDv7 (time-ordered, RFC 9562), which orders session expiry");
        }

        var created = SessionCreationTime(session);
        if (created > now + MaxSessionClockSkew)
        {
            throw Invalid($"client_session_id '{clientSessionId}' was created at {created:O}, more than {MaxSessionClockSkew.TotalSeconds:0} s after this node's clock ({now:O}); check the client's clock");
        }

        if (requestId == 0)
        {
            throw Invalid("request_id is 0; with a client_session_id, request ids start at 1 and increase per session");
        }

        return session;
    }

    /// <summary>The creation time a UUIDv7 carries in its first 48 bits (milliseconds since the Unix epoch).</summary>
    public static DateTimeOffset SessionCreationTime(Guid session) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(Shards.DedupTable.CreationKey(session) >> 80));

    public static RpcException Invalid(string message) => RichErrors.Create(StatusCode.InvalidArgument, message, ErrorReasons.InvalidRequest);
}
