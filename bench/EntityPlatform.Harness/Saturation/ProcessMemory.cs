namespace EntityPlatform.Harness.Saturation;

/// <summary>Resident set size of a process the harness started, from /proc/&lt;pid&gt;/status (VmRSS). Linux only.</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS in bytes, or null when the process is gone or /proc is unavailable.</summary>
    public static long? RssBytes(int pid)
    {
        if (pid <= 0 || !OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                // "VmRSS:     123456 kB"
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1]) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>The machine's 1-minute load average (/proc/loadavg), recorded beside every run: the machine is shared.</summary>
    public static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
