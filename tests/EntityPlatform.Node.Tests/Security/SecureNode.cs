using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using EntityPlatform.Contracts.Security;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Node.Security;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Counter;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntityPlatform.Node.Tests.Security;

/// <summary>
/// One real node (NodeHost, in this process) started with <c>--tls-dir</c>: a one-node cluster of types
/// "counter" and "accounts", a development CA, one token issuer, and access rules that let
/// <c>client/app</c> and the token role <c>counter-writer</c> command and query counters, and <c>client/app</c>
/// only query accounts. Tests call it as peers, administrators and clients with chosen credentials.
/// </summary>
internal sealed class SecureNode : IAsyncDisposable
{
    public const string TrustDomain = "test.entityplatform.local";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "entityplatform-test";

    private readonly string _directory;
    private readonly List<GrpcChannel> _channels = [];

    private SecureNode(string directory, NodeHost host, DevelopmentCertificateAuthority ca, ECDsa tokenKey, int grpcPort, int internalPort)
    {
        _directory = directory;
        Host = host;
        Ca = ca;
        TokenKey = tokenKey;
        ClientAddress = new Uri($"https://127.0.0.1:{grpcPort}");
        InternalAddress = new Uri($"https://127.0.0.1:{internalPort}");
    }

    public NodeHost Host { get; }
    public DevelopmentCertificateAuthority Ca { get; }
    public ECDsa TokenKey { get; }
    public Uri ClientAddress { get; }
    public Uri InternalAddress { get; }

    public static async Task<SecureNode> StartAsync()
    {
        var ca = DevelopmentCertificateAuthority.Create(TrustDomain, TimeSpan.FromDays(30));
        var tokenKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var directory = Directory.CreateTempSubdirectory("ep-secure-node-").FullName;
        var tls = Path.Combine(directory, "tls");
        ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1), ["localhost"], [IPAddress.Loopback]).WriteTo(tls, "tls");
        File.WriteAllText(Path.Combine(tls, "ca.crt"), ca.RootPem);
        var (grpcPort, internalPort, httpPort) = (LoopbackPorts.Pick(), LoopbackPorts.Pick(), LoopbackPorts.Pick());
        var cluster = new ClusterFile
        {
            EntityTypes = [new("counter", 1), new("accounts", 1)],
            Nodes = [new(1, $"https://127.0.0.1:{internalPort}", $"http://127.0.0.1:{httpPort}", $"https://127.0.0.1:{grpcPort}")],
            Placement = new(1, [new("counter", 0, [1]), new("accounts", 0, [1])]),
            Security = new ClusterSecurity
            {
                TrustDomain = TrustDomain,
                Tokens = [new TokenIssuer { Issuer = Issuer, Audience = Audience, PublicKeys = [tokenKey.ExportSubjectPublicKeyInfoPem()] }],
                Access =
                [
                    new AccessRule { EntityType = "counter", Actions = ["command", "query"], Clients = ["app"], Roles = ["counter-writer"] },
                    new AccessRule { EntityType = "accounts", Actions = ["query"], Clients = ["app"] },
                ],
            },
        };
        var clusterPath = Path.Combine(directory, "cluster.json");
        cluster.Save(clusterPath);
        var types = new EntityTypeRegistry().AddEntityType<Counter>("counter").AddEntityType<Account>("accounts");
        var options = new NodeOptions(1, Path.Combine(directory, "data"), clusterPath, grpcPort, internalPort, httpPort) { TlsDirectory = tls };
        var host = await NodeHost.StartAsync(options, types, NullLoggerFactory.Instance);
        return new SecureNode(directory, host, ca, tokenKey, grpcPort, internalPort);
    }

    /// <summary>A certificate of this cluster's CA for <paramref name="identity"/>, or of <paramref name="otherCa"/>.</summary>
    public IssuedCertificate Certificate(CertificateIdentity identity, DevelopmentCertificateAuthority? otherCa = null) =>
        (otherCa ?? Ca).Issue(identity, TimeSpan.FromDays(1));

    /// <summary>A channel that trusts this cluster's CA and presents <paramref name="certificate"/> (none when null).</summary>
    public GrpcChannel Channel(Uri address, IssuedCertificate? certificate)
    {
        var channel = Channels.Create(address, new ChannelSettings
        {
            Tls = new ClientTls(new TrustBundle([Ca.Root]), certificate is null ? null : () => certificate.Certificate),
        });
        _channels.Add(channel);
        return channel;
    }

    /// <summary>A signed JWT of the configured issuer, or signed by <paramref name="otherKey"/>.</summary>
    public string Token(string subject, string[] roles, DateTime notBefore, DateTime expires, ECDsa? otherKey = null)
    {
        var claims = new List<Claim> { new("sub", subject) };
        claims.AddRange(roles.Select(role => new Claim("roles", role)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(otherKey ?? TokenKey), SecurityAlgorithms.EcdsaSha256),
        });
    }

    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    public static CommandRequest Increment(string type, string id, ulong requestId) => new()
    {
        EntityType = type,
        EntityId = id,
        Payload = Google.Protobuf.ByteString.CopyFromUtf8(type == "counter" ? """{"type":"increment","by":1}""" : """{"type":"deposit","amount":1}"""),
        ClientSessionId = Guid.CreateVersion7().ToString(),
        RequestId = requestId,
    };

    /// <summary>Sends a command until the one shard has elected its leader (a fresh node needs a moment).</summary>
    public static async Task<CommandReply> CommandUntilLeaderAsync(EntityService.EntityServiceClient client, CommandRequest request, Metadata? headers = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await client.CommandAsync(request, headers, DateTime.UtcNow.AddSeconds(5));
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await Host.DisposeAsync();
        Ca.Dispose();
        TokenKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
