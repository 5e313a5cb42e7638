using System.Collections.Concurrent;
using System.Net;
using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Emulation.Authorization;
using EntityPlatform.Kubernetes.Emulation.Http;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Emulation.Storage;
using EntityPlatform.Kubernetes.Yaml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Kubernetes.Emulation;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (a free port) with real semantics for the kinds
/// the operator uses; see docs/operator.md for what it simplifies. Tests start one per test (it starts
/// in milliseconds), register CRDs, point a client at <see cref="BaseAddress"/>, and use the hooks to
/// inject watch failures. Dispose stops it.
/// </summary>
public sealed class KubernetesEmulator : IAsyncDisposable
{
    private const int MaxRecordedRequests = 10_000;
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentDictionary<string, RbacAuthorizer> _restricted = new(StringComparer.Ordinal);

    private KubernetesEmulator(WebApplication app, ObjectStore store, EmulatorOptions options)
    {
        _app = app;
        Store = store;
        Options = options;
    }

    public ObjectStore Store { get; }

    public EmulatorOptions Options { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>"METHOD /path?query" of the requests served so far (the last 10,000).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<KubernetesEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (options.ServerCertificate is { } certificate)
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                });
            }
        }));
        var app = builder.Build();
        var store = new ObjectStore(options);
        foreach (var def in BuiltInResources.All)
        {
            store.Register(def);
        }
        var emulator = new KubernetesEmulator(app, store, options);
        app.Use(emulator.AuthenticateAsync);
        ApiRoutes.Map(app, new ApiHandlers(store, options, new WatchStreamer(store, options, emulator._stopping.Token)));
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseAddress = new Uri(address);
        return emulator;
    }

    /// <summary>Serves the custom resources of a CRD (YAML or JSON), with its schema and CEL rules.</summary>
    public void RegisterCustomResource(string crdYaml)
    {
        foreach (var def in CustomResourceLoader.Load(YamlJson.Parse(crdYaml)))
        {
            Store.Register(def);
        }
    }

    /// <summary>A client configuration for this emulator (plain HTTP unless it serves HTTPS).</summary>
    public ClusterConfig ClientConfig(string @namespace = "default", string? token = null) => new()
    {
        Server = BaseAddress,
        Token = token is null ? null : new StaticTokenSource(token),
        Namespace = @namespace,
    };

    /// <summary>
    /// Requests bearing <paramref name="token"/> are authorized by <paramref name="authorizer"/> (a
    /// ServiceAccount's RBAC) and answered 403 when it denies them; other tokens stay unrestricted, so
    /// a test can act as a cluster admin beside a least-privileged operator.
    /// </summary>
    public void RestrictToken(string token, RbacAuthorizer authorizer) => _restricted[token] = authorizer;

    /// <summary>Requests a restricted token was refused (403), as "METHOD /path: message".</summary>
    public IReadOnlyList<string> Forbidden => [.. _forbidden];

    private readonly ConcurrentQueue<string> _forbidden = new();

    /// <summary>
    /// What restricted tokens were allowed to do, as <see cref="RbacAuthorizer.GrantKey"/> strings (an apply
    /// that created also counts as a create): with <see cref="RbacAuthorizer.Grants"/>, the grants a run used.
    /// </summary>
    public IReadOnlySet<string> Authorized => _authorized.Keys.ToHashSet(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, bool> _authorized = new(StringComparer.Ordinal);

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        _requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        while (_requests.Count > MaxRecordedRequests && _requests.TryDequeue(out _))
        {
        }
        if (Options.AcceptToken is { } accept && context.Connection.ClientCertificate is null)
        {
            var header = context.Request.Headers.Authorization.FirstOrDefault();
            var token = header?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? header["Bearer ".Length..] : null;
            if (!accept(token))
            {
                await Responses.ErrorAsync(context, ApiError.Unauthorized());
                return;
            }
        }
        if (Bearer(context) is { } bearer && _restricted.TryGetValue(bearer, out var authorizer) && Deny(context, authorizer) is { } denied)
        {
            if (_forbidden.Count < MaxRecordedRequests)
            {
                _forbidden.Enqueue($"{context.Request.Method} {context.Request.Path}: {denied.Message}");
            }
            await Responses.ErrorAsync(context, denied);
            return;
        }
        await next(context);
    }

    private static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        return header?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? header["Bearer ".Length..] : null;
    }

    /// <summary>
    /// The 403 for a request RBAC denies, or null. Non-resource paths are denied (no rule grants
    /// nonResourceURLs here). A server-side apply that would create the object also needs "create",
    /// as the API server checks when a patch creates.
    /// </summary>
    private ApiError? Deny(HttpContext context, RbacAuthorizer authorizer)
    {
        var request = RequestAttributes.From(context.Request);
        if (request is null)
        {
            return new ApiError(403, "Forbidden", $"forbidden: User \"{authorizer.User}\" cannot get path \"{context.Request.Path}\"");
        }
        if (!authorizer.Allows(request))
        {
            return authorizer.Forbidden(request);
        }
        _authorized.TryAdd(RbacAuthorizer.GrantKey(request.Verb, request.Group, request.ResourceWithSubresource), true);
        var creates = request is { Verb: "patch", Subresource: null, Name: not null, Namespace: not null }
            && context.Request.ContentType?.StartsWith("application/apply-patch", StringComparison.Ordinal) == true
            && !Exists(context, request);
        if (!creates)
        {
            return null;
        }
        if (!authorizer.Allows(request with { Verb = "create" }))
        {
            return authorizer.Forbidden(request with { Verb = "create" });
        }
        _authorized.TryAdd(RbacAuthorizer.GrantKey("create", request.Group, request.ResourceWithSubresource), true);
        return null;
    }

    private bool Exists(HttpContext context, RequestAttributes request)
    {
        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        var version = parts[0] == "api" ? parts[1] : parts[2];
        var def = Store.Resolve(request.Group, version, request.Resource);
        if (def is null)
        {
            return false;
        }
        try
        {
            Store.Get(def, request.Namespace!, request.Name!);
            return true;
        }
        catch (ApiError error) when (error.Code == 404)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            Store.Dispose();
            _stopping.Dispose();
        }
    }
}
