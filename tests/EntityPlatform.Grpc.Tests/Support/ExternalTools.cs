namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>
/// Locates the real third-party peers. A missing one FAILS the test with the fix spelled out: the
/// interop tests are part of the contract, so they must never be skipped quietly.
/// </summary>
public static class ExternalTools
{
    private const string Fix = "Run 'bash scripts/setup/grpc-interop.sh' (scripts/test does this) to install it.";

    public static string Require(string executable)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail($"'{executable}' was not found on PATH. {Fix}");
        return "";
    }

    /// <summary>The interop folder with its installed node_modules.</summary>
    public static string InteropDirectory()
    {
        var directory = Path.Combine(ProjectDirectory(), "interop");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@grpc", "grpc-js")) ||
            !Directory.Exists(Path.Combine(directory, "node_modules", "@grpc", "proto-loader")))
        {
            Assert.Fail($"@grpc/grpc-js or @grpc/proto-loader is not installed in {directory}/node_modules. {Fix}");
        }
        return directory;
    }

    /// <summary>tests/EntityPlatform.Grpc.Tests, found by walking up from the test binaries.</summary>
    public static string ProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EntityPlatform.Grpc.Tests.csproj")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"EntityPlatform.Grpc.Tests.csproj not found above {AppContext.BaseDirectory}.");
    }
}
