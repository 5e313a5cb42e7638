using EntityPlatform.Grpc.Definitions;
using EntityPlatform.Grpc.Tests.Interop.V1;

namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>Method descriptors of the test service (Protos/interop.proto).</summary>
public static class InteropApi
{
    public static readonly ServiceDescriptor Service = new("interop.v1.InteropService");

    public static readonly Method<EchoRequest, EchoReply> Echo = Service.Unary(EchoRequest.Parser, EchoReply.Parser, "Echo");
    public static readonly Method<CountRequest, EchoReply> Count = Service.ServerStreaming(CountRequest.Parser, EchoReply.Parser, "Count");
    public static readonly Method<EchoRequest, SumReply> Sum = Service.ClientStreaming(EchoRequest.Parser, SumReply.Parser, "Sum");
    public static readonly Method<EchoRequest, EchoReply> Chat = Service.DuplexStreaming(EchoRequest.Parser, EchoReply.Parser, "Chat");
    public static readonly Method<EchoRequest, EchoReply> NotImplemented = Service.Unary(EchoRequest.Parser, EchoReply.Parser, "NotImplemented");
}
