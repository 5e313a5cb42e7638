using System.Collections.Concurrent;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// The demo's client: sends each command with a session id and request id, and retries it (same ids, so at
/// most once applied) on UNAVAILABLE or a dead node, following leader hints, until it is answered or its
/// deadline passes. The C# SDK (EntityPlatform.Client) does this properly; the demo keeps its own small one.
/// </summary>
public sealed class DemoClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMilliseconds(1000);
    private readonly Dictionary<ulong, (GrpcChannel Channel, EntityService.EntityServiceClient Client)> nodes = [];
    private readonly ConcurrentDictionary<string, ulong> leaderByKey = new();

    /// <param name="settings">Channel settings with a client certificate, for nodes with TLS; null for plaintext nodes.</param>
    public DemoClient(IEnumerable<LocalNode> localNodes, ChannelSettings? settings = null)
    {
        foreach (var node in localNodes)
        {
            var channel = Channels.Create(node.GrpcAddress, settings);
            nodes[node.Id] = (channel, new EntityService.EntityServiceClient(channel));
        }
    }

    /// <summary>Returns the reply, or null if the command could not be acknowledged before the deadline.</summary>
    public async Task<CommandReply?> CommandAsync(string type, string id, string json, Guid session, ulong requestId, TimeSpan deadline)
    {
        var request = new CommandRequest
        {
            EntityType = type,
            EntityId = id,
            Payload = ByteString.CopyFromUtf8(json),
            ClientSessionId = session.ToString(),
            RequestId = requestId,
        };
        var key = type + "/" + id;
        var end = DateTime.UtcNow + deadline;
        var attempt = 0;
        while (DateTime.UtcNow < end)
        {
            var target = leaderByKey.TryGetValue(key, out var known) && nodes.ContainsKey(known) ? known : nodes.Keys.ElementAt(attempt % nodes.Count);
            try
            {
                return await nodes[target].Client.CommandAsync(request, deadline: DateTime.UtcNow + CallTimeout);
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled)
            {
                leaderByKey.TryRemove(key, out _);
                if (error.Trailers.GetValue(ApiMetadata.LeaderHint) is { Length: > 0 } hint && ulong.TryParse(hint.Split('@')[0], out var leader))
                {
                    leaderByKey[key] = leader;
                }
            }
            catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
            {
                leaderByKey.TryRemove(key, out _);
            }

            attempt++;
            await Task.Delay(Math.Min(10 * attempt, 100));
        }

        return null;
    }

    public async Task<string> QueryAsync(string type, string id, string queryName)
    {
        foreach (var (_, node) in nodes)
        {
            try
            {
                var reply = await node.Client.QueryAsync(
                    new QueryRequest { EntityType = type, EntityId = id, QueryName = queryName, Consistency = Consistency.Linearizable },
                    deadline: DateTime.UtcNow.AddSeconds(3));
                return reply.Result.ToStringUtf8();
            }
            catch (Exception error) when (error is RpcException or HttpRequestException or IOException or OperationCanceledException)
            {
            }
        }

        throw new InvalidOperationException($"no node answered the query for {type}/{id}");
    }

    public void Forget(ulong nodeId)
    {
        if (nodes.Remove(nodeId, out var node))
        {
            node.Channel.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var (_, node) in nodes)
        {
            node.Channel.Dispose();
        }
    }
}
