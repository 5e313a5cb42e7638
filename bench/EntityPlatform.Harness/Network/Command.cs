using System.Diagnostics;

namespace EntityPlatform.Harness.Network;

/// <summary>Runs <c>ip</c> and <c>iptables</c> synchronously; a failure throws with the command line and its stderr.</summary>
internal static class Command
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static string Run(string program, params string[] arguments)
    {
        var (exitCode, output, error) = TryRun(program, arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' failed ({exitCode}): {error.Trim()}");
    }

    public static (int ExitCode, string Output, string Error) TryRun(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill();
            throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish in {Limit.TotalSeconds} s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
