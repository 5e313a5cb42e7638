namespace EntityPlatform.Projections.Tests.Postgres;

/// <summary>
/// Finds the PostgreSQL server programs: $POSTGRES_BIN, else the newest Debian /usr/lib/postgresql/N/bin,
/// else the PATH. Debian does not put initdb and postgres on the PATH, hence the search.
/// </summary>
public static class PostgresBinaries
{
    public static string Directory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("POSTGRES_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return HasServer(fromEnvironment) ? fromEnvironment
                : throw new InvalidOperationException($"POSTGRES_BIN={fromEnvironment} has no initdb and postgres");
        }

        var debian = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1, Bin: Path.Combine(dir, "bin")))
                .Where(pair => pair.Version > 0 && HasServer(pair.Bin))
                .OrderByDescending(pair => pair.Version)
                .Select(pair => pair.Bin)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasServer);
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and postgres were not found (set POSTGRES_BIN, or run scripts/setup/postgresql.sh, which installs Debian's postgresql)");
    }

    private static bool HasServer(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres"));
}
