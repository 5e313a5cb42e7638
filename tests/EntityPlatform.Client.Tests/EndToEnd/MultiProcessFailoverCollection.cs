namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>The multi-process failover tests run one after the other: each starts 3 node processes and measures failover timing.</summary>
[CollectionDefinition(Name)]
public sealed class MultiProcessFailoverCollection
{
    public const string Name = "Multi-process failover";
}
