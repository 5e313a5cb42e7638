using EntityPlatform.Grpc.Client;

namespace EntityPlatform.Client.Tests.Support;

/// <summary>One call the fake transport received.</summary>
internal sealed record FakeCall(ulong NodeId, string Method, string Session, ulong RequestId, CallOptions Options, TimeSpan At);
