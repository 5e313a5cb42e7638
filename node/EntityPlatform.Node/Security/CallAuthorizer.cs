using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Security;

/// <summary>
/// The authorization of every secured service, in one place, before any handler runs:
/// <list type="bullet">
/// <item>PeerService (internal port): a node certificate; the handler then checks each frame's sender against it.</item>
/// <item>AdminService (internal port): an admin certificate (the operator, a local-mode administrator).</item>
/// <item>EntityService (client port): a client certificate or a bearer token, then the <see cref="AccessPolicy"/>
/// for the request's entity type and action. Topology needs authentication only.</item>
/// </list>
/// Health and reflection stay open. Refusals are UNAUTHENTICATED or PERMISSION_DENIED with the method, the
/// entity type and action when there is one, and never a credential.
/// </summary>
internal sealed class CallAuthorizer(NodeSecurity security, ILogger<CallAuthorizer> logger) : Interceptor
{
    private static readonly string PeerPrefix = $"/{PeerService.Descriptor.FullName}/";
    private static readonly string AdminPrefix = $"/{AdminService.Descriptor.FullName}/";
    private static readonly string EntityPrefix = $"/{EntityService.Descriptor.FullName}/";

    private readonly CallAuthenticator _authenticator = new(security);

    /// <summary>The authenticated caller, stored in ServerCallContext.UserState for handlers that check more (the peer transport).</summary>
    public static CallerIdentity? CallerOf(ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(CallerIdentity), out var caller) ? caller as CallerIdentity : null;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(request, context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync<object?>(null, context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(request, context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync<object?>(null, context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async Task AuthorizeAsync<TRequest>(TRequest request, ServerCallContext context)
    {
        var method = context.Method;
        CallerKind? required;
        if (method.StartsWith(PeerPrefix, StringComparison.Ordinal))
        {
            required = CallerKind.Node;
        }
        else if (method.StartsWith(AdminPrefix, StringComparison.Ordinal))
        {
            required = CallerKind.Admin;
        }
        else if (method.StartsWith(EntityPrefix, StringComparison.Ordinal))
        {
            required = null; // any authenticated caller, then the access rules
        }
        else
        {
            return; // health and reflection are open
        }

        var target = EntityTarget(request);
        var what = target is { } t ? $"{t.Action.ToString().ToLowerInvariant()} on entity type '{t.EntityType}'" : ShortName(method);
        var (caller, failure) = await _authenticator.AuthenticateAsync(context.GetHttpContext()).ConfigureAwait(false);
        if (caller is null)
        {
            SecurityLog.Unauthenticated(logger, ShortName(method), failure);
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"{what}: not authenticated; {failure}"));
        }

        if (required is { } kind && caller.Kind != kind)
        {
            SecurityLog.Denied(logger, ShortName(method), caller.ToString());
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"{what}: {caller} may not call {ShortName(method)}; it needs a{(kind == CallerKind.Admin ? "n admin" : " node")} certificate of this cluster"));
        }

        if (target is { } entity && !security.Access.Allows(caller, entity.EntityType, entity.Action))
        {
            SecurityLog.Denied(logger, ShortName(method), caller.ToString());
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"{what}: {caller} is not granted this by the cluster's access rules (security.access)"));
        }

        context.UserState[typeof(CallerIdentity)] = caller;
    }

    private static (string EntityType, EntityAction Action)? EntityTarget<TRequest>(TRequest request) => request switch
    {
        CommandRequest command => (command.EntityType, EntityAction.Command),
        QueryRequest query => (query.EntityType, EntityAction.Query),
        SubscribeRequest subscribe => (subscribe.EntityType, EntityAction.Subscribe),
        _ => null,
    };

    private static string ShortName(string method) => method[(method.LastIndexOf('.') + 1)..];
}
