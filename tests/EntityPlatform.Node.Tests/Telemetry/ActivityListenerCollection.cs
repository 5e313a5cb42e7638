namespace EntityPlatform.Node.Tests.Telemetry;

/// <summary>Tests that add ActivityListeners or ask whether the node's ActivitySource is listened to run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ActivityListenerCollection
{
    public const string Name = "activity listeners";
}
