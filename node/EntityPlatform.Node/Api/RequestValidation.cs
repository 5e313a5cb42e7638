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

    /// <summary>An empty session means "no deduplication"; otherwise a UUID and a positive request id.</summary>
    public static Guid Session(string clientSessionId, ulong requestId)
    {
        if (string.IsNullOrEmpty(clientSessionId))
        {
            return Guid.Empty;
        }

        if (!Guid.TryParse(clientSessionId, out var session) || session == Guid.Empty)
        {
            throw Invalid($"client_session_id '{clientSessionId}' is not a UUID; expected e.g. 7d444840-9dc0-11d1-b245-5ffdce74fad2, or empty");
        }

        if (requestId == 0)
        {
            throw Invalid("request_id is 0; with a client_session_id, request ids start at 1 and increase per session");
        }

        return session;
    }

    public static RpcException Invalid(string message) => RichErrors.Create(StatusCode.InvalidArgument, message, ErrorReasons.InvalidRequest);
}
