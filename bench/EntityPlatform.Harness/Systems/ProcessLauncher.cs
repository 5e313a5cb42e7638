using System.Diagnostics;

namespace EntityPlatform.Harness.Systems;

/// <summary>Starts a program with output appended to a log file; the shell's exec makes the PID the program's own.</summary>
internal static class ProcessLauncher
{
    public static int Start(string program, IEnumerable<string> arguments, string logFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$HARNESS_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HARNESS_LOG"] = logFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        return process.Id;
    }

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
