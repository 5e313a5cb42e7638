namespace EntityPlatform.Operator.Tests.Support;

/// <summary>Finds files in the source tree (the shipped samples, the chart) from the test's output folder.</summary>
public static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EntityPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No EntityPlatform.sln above {AppContext.BaseDirectory}.");
    }
}
