using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace EntityPlatform.Grpc.Server;

internal sealed partial class ServerCall
{
    /// <summary>
    /// Lifts Kestrel's whole-body limits for streaming requests. gRPC bounds each message instead
    /// (MaxReceiveMessageSizeBytes); a peer stream may live for days, go quiet between Raft batches, and
    /// carry far more than Kestrel's 30 MB body cap in total. Kestrel's minimum data rate would otherwise
    /// abort an idle stream after a few seconds.
    /// </summary>
    public void AllowLongRequestStream()
    {
        if (_http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
        if (_http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }
    }
}
