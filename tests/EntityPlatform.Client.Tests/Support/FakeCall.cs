using Grpc.Core;

namespace EntityPlatform.Client.Tests.Support;

/// <summary>One call the fake transport received; <see cref="Timeout"/> is what was left of its deadline when it arrived.</summary>
internal sealed record FakeCall(ulong NodeId, string Method, string Session, ulong RequestId, CallOptions Options, TimeSpan At)
{
    public TimeSpan? Timeout { get; } = Options.Deadline is { } deadline ? deadline - DateTime.UtcNow : null;
}
