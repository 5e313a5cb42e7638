namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>The tests that share one healthy cluster.</summary>
[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "shared cluster";
}
