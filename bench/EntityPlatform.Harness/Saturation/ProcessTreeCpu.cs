namespace EntityPlatform.Harness.Saturation;

/// <summary>
/// CPU time (user + system) used so far by this process and every process below it: the harness's client
/// and the system's member processes it started. CPU per write depends far less on what else runs on the
/// machine than writes/s does, so it is how two builds are compared on a shared machine. Linux only
/// (/proc); elsewhere <see cref="TryRead"/> answers null.
/// </summary>
public static class ProcessTreeCpu
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan? TryRead()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && TryReadStat(pid) is { } stat)
            {
                stats[pid] = stat;
            }
        }

        var children = stats.ToLookup(entry => entry.Value.Parent, entry => entry.Key);
        var total = 0L;
        var pending = new Stack<int>([Environment.ProcessId]);
        while (pending.TryPop(out var pid))
        {
            if (stats.TryGetValue(pid, out var stat))
            {
                total += stat.Ticks;
            }

            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    /// <summary>Parent pid and utime+stime of one process; null when it has exited meanwhile.</summary>
    private static (int Parent, long Ticks)? TryReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state(3) ppid(4) ... utime(14) stime(15), so index = field number - 3.
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]));
    }
}
