using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EntityPlatform.Harness.Systems;

/// <summary>
/// etcd's Cluster API through etcdctl (Debian's etcd-client, installed with etcd-server by
/// scripts/setup/grpc-interop.sh). A member whose disk was wiped cannot rejoin under its old id (its log
/// and the cluster's disagree), so it is removed and added again as a new member, then started with
/// <c>--initial-cluster-state existing</c>. Every call is retried a bounded number of times, because right
/// after a leader is killed the survivors first need to elect a new one.
/// </summary>
internal static class EtcdMembership
{
    private const int Attempts = 15;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Removes the member called <paramref name="name"/> (if still listed) and adds it back with <paramref name="peerUrl"/>.</summary>
    public static async Task ReplaceAsync(IReadOnlyList<string> liveEndpoints, string name, string peerUrl, CancellationToken cancellationToken)
    {
        var endpoints = string.Join(",", liveEndpoints);
        if (await MemberIdAsync(endpoints, name, cancellationToken) is { } id)
        {
            await RunAsync(endpoints, cancellationToken, "member", "remove", id.ToString("x", CultureInfo.InvariantCulture));
        }

        await RunAsync(endpoints, cancellationToken, "member", "add", name, $"--peer-urls={peerUrl}");
    }

    private static async Task<ulong?> MemberIdAsync(string endpoints, string name, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await RunAsync(endpoints, cancellationToken, "member", "list", "-w", "json"));
        foreach (var member in document.RootElement.GetProperty("members").EnumerateArray())
        {
            if (member.TryGetProperty("name", out var memberName) && memberName.GetString() == name)
            {
                return member.GetProperty("ID").GetUInt64();
            }
        }

        return null;
    }

    private static async Task<string> RunAsync(string endpoints, CancellationToken cancellationToken, params string[] command)
    {
        var etcdctl = ProcessLauncher.Which("etcdctl") ?? throw new InvalidOperationException("etcdctl is not installed: apt-get install -y etcd-client");
        var error = "";
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var start = new ProcessStartInfo(etcdctl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "--endpoints", endpoints, "--command-timeout", "3s" }.Concat(command))
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ETCDCTL_API"] = "3";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode == 0)
            {
                return await output;
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }

        throw new InvalidOperationException($"etcdctl {string.Join(' ', command)} failed {Attempts} times: {error.Trim()}");
    }
}
