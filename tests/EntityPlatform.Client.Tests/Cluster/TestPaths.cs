using System.Reflection;

namespace EntityPlatform.Client.Tests.Cluster;

/// <summary>Paths the build recorded in the assembly (see the csproj), so tests find the node binary wherever they run.</summary>
public static class TestPaths
{
    public static string SamplesNodeDll => Metadata("SamplesNodeDll");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing; rebuild the project");
}
