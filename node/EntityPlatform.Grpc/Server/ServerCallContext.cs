using EntityPlatform.Grpc.Metadata;
using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Grpc.Server;

/// <summary>What a handler knows about its call, and the metadata it may send back.</summary>
public sealed class ServerCallContext
{
    private readonly HttpContext _httpContext;
    private GrpcMetadata? _requestHeaders;
    private GrpcMetadata? _responseHeaders;
    private GrpcMetadata? _responseTrailers;

    internal ServerCallContext(HttpContext httpContext, string method, DateTime deadlineUtc, CancellationToken cancellationToken)
    {
        _httpContext = httpContext;
        Method = method;
        DeadlineUtc = deadlineUtc;
        CancellationToken = cancellationToken;
    }

    /// <summary>The called method's path, e.g. <c>/entityplatform.v1.EntityService/Command</c>.</summary>
    public string Method { get; }

    /// <summary>When the client's deadline expires (UTC); <see cref="DateTime.MaxValue"/> when it set none.</summary>
    public DateTime DeadlineUtc { get; }

    /// <summary>Cancelled when the client cancels, the connection drops, or the deadline expires.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The client's address, as <c>ip:port</c>.</summary>
    public string Peer => $"{_httpContext.Connection.RemoteIpAddress}:{_httpContext.Connection.RemotePort}";

    /// <summary>The request's metadata (built on first use: most calls never look).</summary>
    public GrpcMetadata RequestHeaders => _requestHeaders ??= HeaderConversion.ToMetadata(_httpContext.Request.Headers);

    /// <summary>Metadata sent with the response headers: add to it before the first response message.</summary>
    public GrpcMetadata ResponseHeaders => _responseHeaders ??= new GrpcMetadata();

    /// <summary>Metadata sent with the final status.</summary>
    public GrpcMetadata ResponseTrailers => _responseTrailers ??= new GrpcMetadata();

    /// <summary>The underlying request, for what the wire layer does not expose (e.g. the TLS client certificate).</summary>
    public HttpContext HttpContext => _httpContext;

    internal GrpcMetadata? ResponseHeadersOrNull => _responseHeaders;

    internal GrpcMetadata? ResponseTrailersOrNull => _responseTrailers;
}
