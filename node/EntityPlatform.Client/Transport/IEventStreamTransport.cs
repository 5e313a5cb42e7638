using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client.Transport;

/// <summary>The streaming seam for Subscribe: one server stream from one node endpoint (the real transport implements it).</summary>
internal interface IEventStreamTransport
{
    AsyncServerStreamingCall<CommittedEvent> Subscribe(Uri endpoint, SubscribeRequest request, CallOptions options);
}
