using System.Diagnostics;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Client.Tests.Cluster;

/// <summary>
/// Starts one sample node process (<c>dotnet entityplatform-samples.dll run ...</c>) with its output appended
/// to its log file. The shell execs dotnet, so the PID returned is the node's own and signals reach it.
/// </summary>
public static class NodeLauncher
{
    public static int Start(LocalNode node, string clusterFile, string samplesDll)
    {
        if (!File.Exists(samplesDll))
        {
            throw new FileNotFoundException($"the sample node binary {samplesDll} is missing; build samples/EntityPlatform.Samples.Node in this configuration", samplesDll);
        }

        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$DOTNET\" \"$@\" >>\"$NODE_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("node");
        foreach (var argument in new[] { samplesDll, "run", "--node-id", node.Id.ToString(), "--data", node.DataDirectory, "--cluster", clusterFile,
                     "--grpc-port", node.GrpcPort.ToString(), "--internal-port", node.InternalPort.ToString(), "--http-port", node.HttpPort.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET"] = DotnetHost();
        start.Environment["NODE_LOG"] = node.LogFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start node {node.Id}");
        return process.Id;
    }

    /// <summary>Sends a signal by PID (KILL, STOP, CONT, TERM); never by name.</summary>
    public static void Signal(int pid, string signal)
    {
        if (pid <= 0)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false, RedirectStandardError = true });
        kill?.WaitForExit(5_000);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
