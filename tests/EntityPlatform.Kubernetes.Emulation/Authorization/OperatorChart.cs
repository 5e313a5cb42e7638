using System.Diagnostics;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Yaml;

namespace EntityPlatform.Kubernetes.Emulation.Authorization;

/// <summary>
/// The operator's chart (charts/entity-platform) rendered by the real helm binary that
/// scripts/setup/kube-tools.sh installs into .tools/bin, and the RBAC it grants the operator's
/// ServiceAccount: what tests authorize the operator's requests against.
/// </summary>
public static class OperatorChart
{
    private static readonly TimeSpan HelmTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Renders release "ep" into <paramref name="releaseNamespace"/> with extra --set values.</summary>
    public static async Task<IReadOnlyList<JsonNode>> RenderAsync(string repositoryRoot, string releaseNamespace, params string[] settings)
    {
        var helm = Path.Combine(repositoryRoot, ".tools", "bin", "helm");
        if (!File.Exists(helm))
        {
            throw new InvalidOperationException($"helm is missing at {helm}; run scripts/setup/kube-tools.sh (scripts/test runs it before the tests)");
        }

        var start = new ProcessStartInfo(helm) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["template", "ep", Path.Combine(repositoryRoot, "charts", "entity-platform"), "--namespace", releaseNamespace])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var setting in settings)
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(setting);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {helm}");
        using var timeout = new CancellationTokenSource(HelmTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0
                ? YamlJson.ParseAll(await output)
                : throw new InvalidOperationException($"helm template failed ({process.ExitCode}): {await error}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The authorizer of the ServiceAccount the rendered Deployment runs as.</summary>
    public static RbacAuthorizer Authorizer(IReadOnlyList<JsonNode> manifests, string releaseNamespace)
    {
        var deployment = manifests.OfType<JsonObject>().Single(o => o["kind"]?.ToString() == "Deployment");
        var account = deployment["spec"]?["template"]?["spec"]?["serviceAccountName"]?.ToString()
            ?? throw new InvalidOperationException("the rendered Deployment names no serviceAccountName");
        return new RbacAuthorizer(manifests, releaseNamespace, account);
    }

    /// <summary>Renders the chart and restricts <paramref name="token"/> on the emulator to the operator's rights.</summary>
    public static async Task<RbacAuthorizer> RestrictAsync(KubernetesEmulator emulator, string token, string repositoryRoot, string releaseNamespace, params string[] settings)
    {
        var manifests = await RenderAsync(repositoryRoot, releaseNamespace, settings);
        var authorizer = Authorizer(manifests, releaseNamespace);
        emulator.RestrictToken(token, authorizer);
        return authorizer;
    }
}
