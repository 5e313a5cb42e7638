using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Kubernetes.Tests.Crd;

/// <summary>
/// The committed CRD files are exactly what the generator makes from the C# types. After changing the
/// types, regenerate both copies with:
/// <c>REWRITE=1 dotnet test tests/EntityPlatform.Kubernetes.Tests -c Release --filter CrdDrift</c>
/// and review the diff.
/// </summary>
public sealed class CrdDriftTests
{
    public static readonly string CrdPath = RepoPaths.Of("crds", "entitytypes.entityplatform.io.yaml");
    public static readonly string ChartCrdPath = RepoPaths.Of("charts", "entity-platform", "crds", "entitytypes.entityplatform.io.yaml");

    private static bool Rewriting => Environment.GetEnvironmentVariable("REWRITE") == "1";

    [Fact]
    public void The_committed_CRD_matches_the_one_generated_from_the_CSharp_types()
    {
        var generated = CrdGenerator.GenerateYaml(typeof(EntityType));
        if (Rewriting)
        {
            foreach (var path in new[] { CrdPath, ChartCrdPath })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, generated);
            }
        }
        Assert.True(File.Exists(CrdPath), $"{CrdPath} is missing; generate it with REWRITE=1 (see {nameof(CrdDriftTests)}).");
        var committed = File.ReadAllText(CrdPath);
        Assert.True(committed == generated,
            $"{CrdPath} drifted from the C# types. Regenerate with REWRITE=1 dotnet test tests/EntityPlatform.Kubernetes.Tests -c Release --filter CrdDrift");
    }

    [Fact]
    public void The_chart_ships_the_identical_CRD()
    {
        Assert.True(File.Exists(ChartCrdPath), $"{ChartCrdPath} is missing; generate it with REWRITE=1.");
        Assert.True(File.ReadAllText(ChartCrdPath) == File.ReadAllText(CrdPath),
            $"{ChartCrdPath} differs from {CrdPath}; regenerate both with REWRITE=1 --filter CrdDrift.");
    }
}
