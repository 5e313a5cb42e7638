using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Kubernetes.Yaml;

namespace EntityPlatform.Kubernetes.Tests.Chart;

/// <summary>The helm binary installed by scripts/setup/kube-tools.sh, and the chart it checks.</summary>
public static class Helm
{
    public static string Binary => RepoPaths.Of(".tools", "bin", "helm");

    public static string Chart => RepoPaths.Of("charts", "entity-platform");

    public static void RequireBinary() => Assert.True(File.Exists(Binary),
        $"helm is missing at {Binary}. Run scripts/setup/kube-tools.sh (scripts/test runs it before the tests).");

    public static async Task<ProcessRunner.Result> RunAsync(params string[] arguments)
    {
        RequireBinary();
        return await ProcessRunner.RunAsync(Binary, arguments);
    }

    /// <summary>Renders the chart and parses every manifest.</summary>
    public static async Task<List<JsonObject>> TemplateAsync(params string[] extra)
    {
        var result = await RunAsync(["template", "ep", Chart, "--namespace", "entityplatform-system", .. extra]);
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.Error}");
        return YamlJson.ParseAll(result.Output).OfType<JsonObject>().ToList();
    }
}
