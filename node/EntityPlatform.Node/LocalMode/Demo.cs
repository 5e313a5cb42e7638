using System.Diagnostics;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// The README's first command: start a local cluster, send commands to the samples, SIGKILL the leader of
/// a shard while clients keep writing, then print the write downtime the clients saw and prove that no
/// acknowledged write was lost (each counter equals the increments acknowledged to its writer).
/// </summary>
public static partial class Demo
{
    private const int Writers = 12;

    public static async Task<int> RunAsync(int nodeCount, IReadOnlyList<EntityTypeManifest> types, TimeSpan duration, TextWriter output, bool insecure = false)
    {
        if (!types.Any(type => type.Name == "counter") || !types.Any(type => type.Name == "accounts"))
        {
            throw new ArgumentException("the demo needs the 'counter' and 'accounts' entity types; use --file crds/samples/local/demo.yaml");
        }

        var state = await LocalCluster.UpAsync(nodeCount, types, output, insecure);
        try
        {
            if (!await LocalCommand.WaitForLeadersAsync(state, output))
            {
                return 1;
            }

            using var client = new DemoClient(state.Nodes, state.Certificates?.ClientChannel());
            await SampleCommandsAsync(client, output);
            var outcome = await FailoverAsync(state, client, duration, output);
            return Report(outcome, output) ? 0 : 1;
        }
        finally
        {
            output.WriteLine();
            await LocalCluster.DownAsync(output);
        }
    }

    private static async Task SampleCommandsAsync(DemoClient client, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== sample commands");
        var session = Guid.CreateVersion7();
        var deadline = TimeSpan.FromSeconds(10);
        await Show(output, "accounts/alice deposit 100", client.CommandAsync("accounts", "alice", """{"type":"deposit","amount":100}""", session, 1, deadline));
        await Show(output, "accounts/alice withdraw 250", client.CommandAsync("accounts", "alice", """{"type":"withdraw","amount":250}""", session, 2, deadline));
        await Show(output, "accounts/alice withdraw 40 ", client.CommandAsync("accounts", "alice", """{"type":"withdraw","amount":40}""", session, 3, deadline));
        await Show(output, "accounts/alice withdraw 40 (retry, same request id)", client.CommandAsync("accounts", "alice", """{"type":"withdraw","amount":40}""", session, 3, deadline));
        output.WriteLine($"  accounts/alice balance (linearizable read): {await client.QueryAsync("accounts", "alice", "balance")}");
        await Show(output, "cart/c1 add 2 apples", client.CommandAsync("cart", "c1", """{"type":"addItem","sku":"apple","quantity":2}""", session, 4, deadline));
        await Show(output, "cart/c1 checkout", client.CommandAsync("cart", "c1", """{"type":"checkout"}""", session, 5, deadline));
        output.WriteLine($"  cart/c1 contents: {await client.QueryAsync("cart", "c1", "contents")}");
    }

    private static async Task Show(TextWriter output, string what, Task<Grpc.Api.V1.CommandReply?> call)
    {
        var reply = await call;
        var text = reply is null ? "no answer before the deadline"
            : reply.Accepted is { } accepted ? $"accepted {accepted.Reply.ToStringUtf8()} at event offset {accepted.FirstEventOffset}{(accepted.Deduplicated ? " (deduplicated: applied once)" : "")}"
            : $"rejected: {reply.Rejected.Reason}";
        output.WriteLine($"  {what,-52} -> {text}");
    }
}
