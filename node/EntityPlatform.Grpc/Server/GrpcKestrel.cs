using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EntityPlatform.Grpc.Server;

/// <summary>Kestrel settings that suit gRPC traffic (many concurrent streams on few connections).</summary>
public static class GrpcKestrel
{
    /// <summary>
    /// Raises the HTTP/2 limits that throttle a multiplexed connection: callers share one connection per
    /// peer, so the stream cap must exceed their concurrency (Kestrel's default is 100) and the flow-control
    /// windows must let many streams move data without waiting for WINDOW_UPDATEs. All stay bounded.
    /// </summary>
    public static void ApplyHttp2Limits(KestrelServerOptions options)
    {
        var http2 = options.Limits.Http2;
        http2.MaxStreamsPerConnection = 1000;
        http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
        http2.InitialStreamWindowSize = 1024 * 1024;
        http2.MaxRequestHeaderFieldSize = 64 * 1024;
        http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        options.AddServerHeader = false;
    }
}
