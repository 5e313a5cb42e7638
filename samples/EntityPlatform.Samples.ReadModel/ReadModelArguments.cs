namespace EntityPlatform.Samples.ReadModel;

/// <summary>The console's arguments: a command, then <c>--name value</c> pairs; every error names the argument.</summary>
public sealed record ReadModelArguments(string Command, string Connection, IReadOnlyList<Uri> Nodes, string EntityType, int Limit, int Seconds)
{
    public const string Usage = """
        usage: entityplatform-readmodel <command> --connection "<Npgsql connection string>" [options]
          run       --nodes http://127.0.0.1:5001,http://127.0.0.1:5002 [--entity-type accounts]
                    project the account events into PostgreSQL until Ctrl+C
          demo      [--seconds 12]  on the cluster of `local up` (run from the same folder): project while
                    8 clients deposit and the leader of a shard gets SIGKILL, show the read model
                    catching up, then check it against every acknowledged deposit
          balances  [--limit 100]   print the balances table
          schema    create the tables (run does this too)
        """;

    public static ReadModelArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("run" or "demo" or "balances" or "schema"))
        {
            throw new ArgumentException($"the first argument must be run, demo, balances or schema, got '{(args.Count == 0 ? "" : args[0])}'");
        }

        var values = new Dictionary<string, string>();
        for (var index = 1; index < args.Count; index += 2)
        {
            if (!args[index].StartsWith("--", StringComparison.Ordinal) || index + 1 >= args.Count)
            {
                throw new ArgumentException($"expected '--name value' pairs after the command, got '{args[index]}'");
            }

            values[args[index][2..]] = args[index + 1];
        }

        var unknown = values.Keys.Except(["connection", "nodes", "entity-type", "limit", "seconds"]).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option --{unknown[0]}; expected --connection, --nodes, --entity-type, --limit or --seconds");
        }

        var connection = values.GetValueOrDefault("connection") ?? throw new ArgumentException("--connection is required: an Npgsql connection string, e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\"");
        var nodes = ParseNodes(args[0], values.GetValueOrDefault("nodes"));
        var limit = int.TryParse(values.GetValueOrDefault("limit", "100"), out var parsed) && parsed is >= 1 and <= AccountReadModelQueries.MaxRows
            ? parsed
            : throw new ArgumentException($"--limit must be an integer in 1..{AccountReadModelQueries.MaxRows}, got '{values["limit"]}'");
        var seconds = int.TryParse(values.GetValueOrDefault("seconds", "12"), out var parsedSeconds) && parsedSeconds is >= 4 and <= 600
            ? parsedSeconds
            : throw new ArgumentException($"--seconds must be an integer in 4..600, got '{values["seconds"]}'");
        return new ReadModelArguments(args[0], connection, nodes, values.GetValueOrDefault("entity-type", "accounts"), limit, seconds);
    }

    private static List<Uri> ParseNodes(string command, string? text)
    {
        if (text is null)
        {
            return command == "run" ? throw new ArgumentException("--nodes is required for run: comma-separated node URLs, e.g. http://127.0.0.1:5001") : [];
        }

        var nodes = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"--nodes: '{part}' is not an http:// or https:// URL");
            }

            nodes.Add(uri);
        }

        return nodes.Count > 0 ? nodes : throw new ArgumentException("--nodes must name at least one node URL");
    }
}
